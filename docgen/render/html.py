"""The newsroom page: one self-contained HTML5 page per edition, from Jinja2 templates.

The page is ``html/release.html.j2`` with its stylesheet ``html/release.css`` (inlined in
a ``<style>`` element), from the house style's ``html/`` folder beside its style.yaml
when it has one, else docgen's own (``templates/default/html``); a house overrides
either file, or extends docgen's page (``{% extends "default/release.html.j2" %}``).

Everything the release says is escaped by Jinja2's autoescape; inline spans become
``strong``/``em``/``a``, and Latin words inside Chinese text are ``<span lang="en-…">``
(the runs the DOCX tags, by ``docgen.wordml.latin_pieces``).  Photos are files beside
the page (as docgen publishes them: upright, metadata removed), named after their source
files, so the folder can be uploaded as it is.  The head links every edition built
together (``hreflang``) and carries schema.org ``NewsArticle`` JSON-LD and Open Graph
tags; addresses are relative, or absolute under the organisation's ``newsroom`` when its
profile gives one.  While the embargo is in force (``docgen.clock.now()``, so
``SOURCE_DATE_EPOCH``) the page shows a banner and asks robots not to index it, and
tells the build to make it again when the embargo ends.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

from babel.core import Locale, get_global
from babel.dates import get_timezone
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from docgen import clock, images
from docgen.i18n import LocaleContext
from docgen.model import BulletList, Heading, Inlines, Paragraph, Photo, Quote, Release, Table
from docgen.render import Output, Publication, file_name
from docgen.resources import shipped
from docgen.style import Style
from docgen.wordml import LATIN_WORDS, latin_pieces

TEMPLATE = "release.html.j2"
STYLESHEET = "release.css"
DEFAULT_TEMPLATES = "templates/default/html"


def render(release: Release, ctx: LocaleContext, style: Style, publication: Publication | None = None) -> Output:
    env = environment(style.html_templates)
    page = _Page(release, ctx, style, publication or Publication())
    html = env.get_template(TEMPLATE).render(
        release=release, page=page, ctx=ctx, _=ctx.gettext,
        css=Markup(env.loader.get_source(env, STYLESHEET)[0]),
    )
    return Output(html.encode("utf-8"), beside=page.files, changes_at=release.embargo if page.embargo else None)


def page_name(slug: str, tag: str) -> str:
    """The page's file name for edition *tag*, as the build names it (``<slug>.<tag>.html``)."""
    return file_name(slug, tag, "html")


@functools.lru_cache(maxsize=8)
def environment(override: str | None) -> Environment:
    """Jinja2 for a house's templates folder (*override*) in front of docgen's own."""
    own = FileSystemLoader(str(shipped(DEFAULT_TEMPLATES)))
    loaders = [FileSystemLoader(override)] if override else []
    loader = ChoiceLoader([*loaders, own, PrefixLoader({"default": own})])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def template_files(override: str | None) -> list[Path]:
    """The files a page is made from (for the build's record of what an output depends on)."""
    folders = [Path(override)] if override else []
    folders.append(shipped(DEFAULT_TEMPLATES))
    return sorted(p for folder in folders for p in folder.glob("*") if p.is_file())


class _Page:
    """What the templates ask of the release, in this edition's language, as safe markup."""

    def __init__(self, release: Release, ctx: LocaleContext, style: Style, publication: Publication):
        self.release, self.ctx, self.style = release, ctx, style
        self.english = release.organisation.english
        self.chinese = not ctx.is_english
        self.lang = ctx.tag
        self.editions = publication.editions or (ctx.tag,)
        self.files: dict[str, bytes] = {}
        """File name -> bytes of the pictures written beside the page."""
        self._names: dict[str, str] = {}

    # --- text ---
    def text(self, text: str | None) -> Markup:
        """*text* escaped; in a Chinese edition, its Latin words in ``<span lang>``."""
        if not text:
            return Markup("")
        if not self.chinese:
            return escape(text)
        out = []
        for piece in latin_pieces(text):
            if LATIN_WORDS.fullmatch(piece):
                out.append(Markup('<span lang="{}">{}</span>').format(self.english, piece))
            else:
                out.append(escape(piece))
        return Markup("").join(out)

    def inline(self, spans: Inlines) -> Markup:
        """Spans as HTML: ``strong``, ``em``, ``a href``; a hard break is ``<br>``."""
        out = []
        for span in spans:
            html = Markup("<br>\n").join(self.text(line) for line in span.text.split("\n"))
            if span.emphasis:
                html = Markup("<em>{}</em>").format(html)
            if span.strong:
                html = Markup("<strong>{}</strong>").format(html)
            if span.link:
                html = Markup('<a href="{}">{}</a>').format(span.link, html)
            out.append(html)
        return Markup("").join(out)

    # --- parts of the page ---
    @property
    def embargo(self) -> str | None:
        """The banner's words while the embargo is in force, else None."""
        when = self.release.embargo
        if when is None or clock.now() >= when:
            return None
        return self.ctx.gettext("Embargoed until {moment}").format(moment=self.ctx.moment(when))

    @property
    def dateline(self) -> str:
        # A no-break space keeps the dash with the wire's name when a narrow screen wraps the line.
        return self.ctx.dateline(self.release.dateline, typographic=True).replace(" —", "\u00a0—")

    @property
    def emphasis(self) -> str:
        """How the house sets emphasis in Chinese (``dots`` or ``bold``): a class the stylesheet reads."""
        return self.style.typography.chinese_emphasis

    @property
    def lead(self) -> Paragraph:
        return self.release.body[0]

    @property
    def blocks(self) -> list[dict]:
        """The body after the lead paragraph, each block as ``{"kind": ..., ...}`` for the template."""
        return [self.block(b) for b in self.release.body[1:]]

    def block(self, block) -> dict:
        _ = self.ctx.gettext
        if isinstance(block, Paragraph):
            return {"kind": "paragraph", "id": block.id, "html": self.inline(block.content)}
        if isinstance(block, Heading):
            return {"kind": "heading", "id": block.id, "level": block.level + 1, "html": self.inline(block.content)}
        if isinstance(block, Quote):
            who = self.ctx.attribution(block.speaker, block.role)
            return {"kind": "quote", "id": block.id, "html": self.inline(block.content), "speaker": self.text(block.speaker),
                    "attribution": self.text(_("-- {attribution}").format(attribution=who).replace("-- ", "— ")) if who else None}
        if isinstance(block, BulletList):
            return {"kind": "list", "id": block.id, "items": [self.inline(item) for item in block.items]}
        if isinstance(block, Photo):
            return {"kind": "photo", "id": block.id, "src": self.picture(block), "alt": block.alt,
                    "caption": self.text(block.caption),
                    "credit": self.text(_("({credit})").format(credit=block.credit)) if block.credit else None}
        if isinstance(block, Table):
            return {"kind": "table", "id": block.id, "caption": self.text(block.caption), "align": block.align,
                    "header": [self.inline(c) for c in block.header],
                    "rows": [[self.inline(c) for c in row] for row in block.rows]}
        raise TypeError(f"unknown block {block!r}")

    def picture(self, photo: Photo) -> str:
        """The address of *photo* as published beside the page."""
        published = images.photo(Path(photo.src), keep_metadata=self.style.photos.keep_metadata, field=photo.id)
        return self.url(self._beside(photo.src, published))

    def _beside(self, src: str, picture: images.Picture) -> str:
        """The file name *picture* (from *src*) is written under beside the page."""
        if src in self._names:
            return self._names[src]
        # The source file's name, in letters a web server and an e-mail keep; .jpg or .png as published.
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(src).stem).strip("-") or "picture"
        extension = ".jpg" if picture.format == "JPEG" else ".png"
        name, n = stem + extension, 1
        while name in self.files:
            n += 1
            name = f"{stem}-{n}{extension}"
        self.files[name] = picture.data
        self._names[src] = name
        return name

    # --- addresses ---
    def url(self, name: str, locale: str | None = None) -> str:
        """The address of file *name* of this edition's folder (or of *locale*'s), from this page:
        absolute under the newsroom, else relative."""
        newsroom = self.release.organisation.newsroom
        slug = self.release.slug
        if newsroom:
            return f"{newsroom.rstrip('/')}/{slug}/{locale or self.lang}/{name}"
        return name if locale in (None, self.lang) else f"../{locale}/{name}"

    @property
    def address(self) -> str | None:
        """This page's own absolute address, when the newsroom is known."""
        return self.url(page_name(self.release.slug, self.lang)) if self.release.organisation.newsroom else None

    @property
    def alternates(self) -> list[tuple[str, str]]:
        """(hreflang, href) of every edition built together, this one included."""
        return [(tag, self.url(page_name(self.release.slug, tag), tag)) for tag in self.editions]

    @property
    def og_alternates(self) -> list[str]:
        return [self._og(Locale.parse(tag, sep="-")) for tag in self.editions if tag != self.lang]

    @property
    def image(self) -> str | None:
        """The first photo's address, for social previews."""
        photos = [b for b in self.release.body if isinstance(b, Photo)]
        return self.picture(photos[0]) if photos else None

    @functools.cached_property
    def logo(self) -> str | None:
        """The house's logo beside the page, when it is a picture (an SVG drawing is for print)."""
        if not self.style.letterhead.logo:
            return None
        published = images.logo(Path(self.style.letterhead.logo), keep_metadata=self.style.photos.keep_metadata, field="letterhead.logo")
        return self.url(self._beside(self.style.letterhead.logo, published)) if isinstance(published, images.Picture) else None

    @property
    def abouts(self) -> list[dict]:
        _ = self.ctx.gettext
        return [{"heading": self.text(_("About {organisation}").format(organisation=org.short_name)),
                 "paragraphs": [self.inline(p.content) for p in org.about]}
                for org in self.release.organisations if org.about]

    @property
    def contacts(self) -> list[dict]:
        _, out = self.ctx.gettext, []
        for contact in self.release.contacts:
            entry = {"who": self.text(self.ctx.contact(contact.name, contact.role, contact.organisation)), "phone": None, "email": None}
            if contact.phone:
                entry["phone"] = self.labelled(_("Tel: {phone}"), "phone", "tel:" + "".join(c for c in contact.phone if c.isdigit() or c == "+"), contact.phone)
            if contact.email:
                entry["email"] = self.labelled(_("Email: {email}"), "email", "mailto:" + contact.email, contact.email)
            out.append(entry)
        return out

    def labelled(self, label: str, field: str, href: str, shown: str) -> Markup:
        before, _sep, after = label.partition("{" + field + "}")
        return self.text(before) + Markup('<a href="{}">{}</a>').format(href, self.text(shown)) + self.text(after)

    @property
    def contacts_label(self) -> str:
        return self.ctx.ngettext("Media contact:", "Media contacts:", len(self.release.contacts))

    @property
    def hashtags(self) -> str | None:
        return self.ctx.hashtag_line(self.release.hashtags)

    @property
    def source_line(self) -> str | None:
        return self.ctx.source_line([org.name for org in self.release.organisations])

    @property
    def closing(self) -> list[str]:
        return self.ctx.closing_lines(self.release.dateline)

    # --- metadata ---
    @property
    def og_locale(self) -> str:
        """``zh_HK``, ``en_US``: Open Graph's language_TERRITORY (the organisation's English for English)."""
        return self._og(self.ctx.locale)

    def _og(self, locale: Locale) -> str:
        if locale.language == "en" and not locale.territory:
            return self.english.replace("-", "_")
        return f"{locale.language}_{locale.territory}" if locale.territory else locale.language

    @property
    def published(self) -> str:
        """The date of issue, ISO 8601; with the time and its offset when the release gives a time
        and a zone is known (the embargo's, else the locale's territory's)."""
        line = self.release.dateline
        zone = self._zone()
        if zone is None or line.time is None:
            return line.date.isoformat()
        moment = dt.datetime.combine(line.date, line.time)
        return zone.localize(moment).isoformat() if hasattr(zone, "localize") else moment.replace(tzinfo=zone).isoformat()

    def _zone(self):
        if self.release.embargo is not None:
            return self.release.embargo.tzinfo
        names = self.ctx.info.zones or get_global("territory_zones").get(self.ctx.locale.territory or "", ())
        return get_timezone(names[0]) if names else None

    @property
    def json_ld(self) -> Markup:
        release = self.release
        org = release.organisation
        organisation = {"@type": "Organization", "name": org.name}
        if org.website:
            organisation["url"] = org.website
        if self.logo:
            organisation["logo"] = {"@type": "ImageObject", "url": self.logo}
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": release.headline,
            "inLanguage": self.ctx.tag,
            "datePublished": self.published,
            "dateModified": self.published,
            "author": [{"@type": "Organization", "name": o.name, **({"url": o.website} if o.website else {})} for o in release.organisations],
            "publisher": organisation,
        }
        if self.address:
            data["url"] = data["mainEntityOfPage"] = self.address
        if release.subheadline:
            data["alternativeHeadline"] = release.subheadline
        photos = [self.picture(b) for b in release.body if isinstance(b, Photo)]
        if photos:
            data["image"] = photos
        if release.keywords:
            data["keywords"] = list(release.keywords)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        # Inside <script>: no "</" may close it early, and no "<!--" open a comment.
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
