"""``docgen import``: wire copy and Word documents into canonical release sources.

An importer reads a file into a ``Draft``; ``import_file`` makes it a release, writes the
source, any new organisation profiles and the pictures into a staging folder, reads the
written source back to prove it is valid and that no text was lost, and only then moves
everything into place together: a refused import leaves the output folder as it was.
Nothing is invented: an organisation is named by the release (its SOURCE line or About
heading) or by ``--org``, never by a placeholder.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from docgen import wires
from docgen.errors import DocgenError
from docgen.i18n.context import DATELINE_CITIES
from docgen.inline import as_text
from docgen.importers.draft import About, Draft, ImportError_, chinese_language, parse_embargo
from docgen.model import Dateline, Organisation, Photo, Release, plain_text
from docgen.sources import writer
from docgen.sources.markdown import read_organisation, read_release, slugify
from docgen.sources.profiles import PROFILE_FOLDER
from docgen.sources.textfile import read_text

IMAGES = "images"


@dataclass(frozen=True)
class Imported:
    source: Path
    profiles: tuple[Path, ...]
    pictures: tuple[Path, ...]
    recognised: tuple[str, ...]
    guesses: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def profile(self) -> Path | None:
        """The first new profile, if any."""
        return self.profiles[0] if self.profiles else None


def read_draft(path: Path) -> Draft:
    if path.suffix.lower() == ".docx":
        from docgen.importers.docx import read_docx

        return read_docx(path)
    from docgen.importers.wire import read_wire

    return read_wire(read_text(path), str(path))


def _city(name: str, chinese: bool) -> str:
    """The city as the release writes it ("HONG KONG SAR", never "Hong Kong Sar"; 香港 in a
    Chinese release), but a city docgen knows in its usual form ("HONG KONG" -> "Hong Kong"),
    so that its shipped translation applies."""
    if chinese:
        return name
    return next((known for known in DATELINE_CITIES if known.lower() == name.lower()), name)


def _wire(draft: Draft, out: Path) -> str | None:
    """The wire the dateline names, as its conventions file calls it; None when it names none."""
    if not draft.wire:
        return None
    for name in (draft.wire, draft.wire.split("-")[0]):  # PRNewswire-Asia is PR Newswire
        try:
            wire = wires.find(name, start=out / "release.md")
        except DocgenError:
            continue
        return None if wire.name == wires.NONE else wire.name
    draft.warnings.append(f"wire {draft.wire!r} is not one docgen knows; the release is set to no wire (add a wires/ file for it)")
    return None


def _find_profile(out: Path, org: str) -> Path | None:
    for folder in [out.resolve(), *out.resolve().parents]:
        candidate = folder / PROFILE_FOLDER / f"{org}.yaml"
        if candidate.is_file():
            return candidate
    return None


def _profile_named(out: Path, name: str | None) -> Path | None:
    """An existing profile whose name or short name is *name* (the SOURCE line or About heading)."""
    if not name:
        return None
    for folder in [out.resolve(), *out.resolve().parents]:
        for candidate in sorted((folder / PROFILE_FOLDER).glob("*.yaml")) if (folder / PROFILE_FOLDER).is_dir() else ():
            try:
                profile, _ = read_organisation(candidate)
            except DocgenError:
                continue
            if name.casefold() in (profile.name.casefold(), profile.short_name.casefold()):
                return candidate
    return None


def _domain_id(draft: Draft, about: About | None) -> str:
    """A profile id for an organisation whose name has no Latin letters: the name in its own
    web or e-mail address (``www.qingchuan-fund.org`` -> ``qingchuan-fund``), from its About
    section first, then its contacts."""
    texts = [plain_text(p.content) + " " + " ".join(s.link or "" for s in p.content) for p in (about.paragraphs if about else [])]
    texts += [c.email or "" for c in draft.contacts]
    for text in texts:
        for host in re.findall(r"(?:https?://|www\.|@)([A-Za-z0-9.-]+\.[A-Za-z]{2,})", text):
            labels = [l for l in host.lower().split(".") if l not in ("www", "com", "org", "net", "hk", "cn", "gov", "edu", "example", "co")]
            if labels:
                return slugify(labels[-1])
    return ""


def _issuers(draft: Draft, org: str | None, path: Path) -> list[tuple[str, str, About | None]]:
    """(profile id, name, About section) of each issuer, lead first, from what the release says."""
    names = list(draft.source_names)
    abouts = list(draft.abouts)
    count = max(len(names), len(abouts), 1 if org else 0)
    if count == 0:
        raise ImportError_("the release names no organisation (no SOURCE line, no About section): "
                           "give the profile to use with --org ID", file=path)
    issuers = []
    for n in range(count):
        about = abouts[n] if n < len(abouts) else None
        name = names[n] if n < len(names) else (about.name if about else None)
        ident = org if (n == 0 and org) else (slugify(name or "") or _domain_id(draft, about))
        if not ident:
            raise ImportError_("cannot make a profile id from {name!r} (no Latin letters, no web or e-mail address): give --org ID", file=path, name=name)
        if not slugify(name or "") and not (n == 0 and org):
            draft.guesses.append(f"profile id {ident!r} for {name!r}, from its web or e-mail address")
        issuers.append((ident, name, about))
    return issuers


def import_file(path: Path, out: Path, org: str | None = None, *, date: dt.date | None = None, city: str | None = None) -> Imported:
    """Import one file into *out*; a DocgenError (and nothing written) when it cannot be imported."""
    draft = read_draft(path)
    if not draft.headline:
        raise ImportError_("no headline found", file=path)
    if date:
        draft.date = date
    if not draft.date:
        raise ImportError_("no date found (no dateline, date line or closing lines): give it with --date YYYY-MM-DD", file=path)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docgen-import-", dir=out))
    try:
        return _stage(draft, path, out, staging, org, city)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(draft: Draft, path: Path, out: Path, staging: Path, org: str | None, city: str | None) -> Imported:
    language = chinese_language(draft.headline + "".join(plain_text(b.content) for b in draft.body[:2] if hasattr(b, "content"))) \
        if draft.chinese else "en"
    organisations, profiles, new_profiles, defaults = [], {}, [], {"city_default": None, "wire_default": None, "contacts_default": ()}
    for n, (ident, name, about) in enumerate(_issuers(draft, org, path)):
        found = _find_profile(out, ident) or (None if (n == 0 and org) else _profile_named(out, name))
        if found:
            profile, organisation = read_organisation(found)
            imported = [plain_text(p.content) for p in about.paragraphs] if about else []
            known = ([plain_text(p.content) for p in organisation.about], [as_text(p.content) for p in organisation.about])
            if imported and imported not in known:  # as written, or as wire copy prints links
                draft.warnings.append(f"the boilerplate differs from the profile {found}; the profile's is used")
            if n == 0:
                defaults = {"city_default": profile.dateline_city and (profile.dateline_city[0] if len(profile.dateline_city) == 1 else list(profile.dateline_city)),
                            "wire_default": profile.wire, "contacts_default": profile.contacts}
            profiles[ident] = profile
        else:
            if name is None:
                raise ImportError_("no profile organisations/{id}.yaml, and the release does not name the organisation", file=path, id=ident)
            organisation = Organisation(id=ident, name=name, short_name=about.name if about else name,
                                        about=tuple(about.paragraphs) if about else ())
            new_profiles.append(organisation)
        organisations.append(organisation)
    cities = draft.cities or ((city,) if city else ())
    if city and draft.cities and (city,) != draft.cities:
        draft.warnings.append(f"--city {city!r} ignored: the dateline names {', '.join(draft.cities)}")
    if not cities:
        lead = profiles.get(organisations[0].id)
        if lead and lead.dateline_city:
            cities = tuple(lead.dateline_city)
            draft.guesses.append(f"dateline city from the profile: {', '.join(cities)}")
        else:
            raise ImportError_("no dateline city found: give it with --city NAME", file=path)
    names = {o.name for o in organisations} | {o.short_name for o in organisations}
    for n, contact in enumerate(draft.contacts):  # "Meridian Drivetrain Systems" under a name is where the person works
        if contact.organisation is None and contact.role in names:
            draft.contacts[n] = replace(contact, role=None, organisation=contact.role)
    slug = _slug(draft, organisations[0].id)
    pictures = _pictures(draft, staging, slug)
    body = tuple(replace(b, src=pictures[b.src]) if isinstance(b, Photo) else b for b in draft.body)
    embargo = parse_embargo(draft.embargo_text) if draft.embargo_text else None
    if draft.embargo_text and embargo is None:
        draft.warnings.append(f"embargo line not understood; set 'embargo:' in the front matter yourself: {draft.embargo_text!r}")
    release = Release(
        slug=slug, language=language, headline=draft.headline, subheadline=draft.subheadline,
        dateline=Dateline(cities=tuple(_city(c, draft.chinese) for c in cities), date=draft.date, time=draft.time, wire=_wire(draft, out)),
        body=body, organisations=tuple(organisations),
        contacts=tuple(draft.contacts) if draft.contacts else tuple(defaults["contacts_default"]),
        embargo=embargo, highlights=tuple(draft.highlights), hashtags=tuple(draft.hashtags),
    )
    if not release.body:
        raise ImportError_("the release has no text after its headline", file=path)
    written = [staging / f"{slug}.md"]
    for organisation in new_profiles:
        target = staging / PROFILE_FOLDER / f"{organisation.id}.yaml"
        target.parent.mkdir(exist_ok=True)
        # Only what the release says of the organisation: never its contacts (they may be the
        # release's alone), never a name or boilerplate it does not have.
        target.write_text(writer.profile(replace(release, organisations=(organisation,), contacts=())), "utf-8")
        written.append(target)
        draft.guesses.append(f"new organisation profile {PROFILE_FOLDER}/{organisation.id}.yaml from the release; check it")
    written[0].write_text(writer.source(release, staging, **defaults), "utf-8")
    _verify(draft, written[0])
    moved = _move(staging, out, [p.relative_to(staging) for p in written + list(pictures.values())], path)
    return Imported(moved[0], tuple(p for p in moved if p.parent.name == PROFILE_FOLDER), tuple(p for p in moved if p.parent.name == IMAGES),
                    tuple(draft.recognised), tuple(draft.guesses), tuple(draft.warnings))


def _slug(draft: Draft, org_id: str) -> str:
    """The date and the headline's first Latin words when it has two or more, else the date and the organisation."""
    words = [w for w in slugify(draft.headline).split("-") if w and not w.isdigit()]
    return "-".join([draft.date.isoformat(), "-".join(slugify(draft.headline).split("-")[:6]) if len(words) >= 2 else org_id])


def _pictures(draft: Draft, staging: Path, slug: str) -> dict[str, Path]:
    """Pictures saved as ``images/<slug>-<n>.<ext>`` (so another release's pictures are never overwritten)."""
    saved = {}
    for number, (blob, suffix) in enumerate(draft.pictures, 1):
        target = staging / IMAGES / f"{slug}-{number}{suffix}"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(blob)
        saved[f"picture-{number}{suffix}"] = target
    return saved


def _move(staging: Path, out: Path, files: list[Path], path: Path) -> list[Path]:
    """Move the staged files into *out*, all or none: an existing file stops the import before any moves."""
    clashes = [out / f for f in files if (out / f).exists()]
    if clashes:
        raise ImportError_("{target} exists already; move it away or import into another folder", file=path, target=clashes[0])
    moved = []
    try:
        for relative in files:
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, out / relative)
            moved.append(out / relative)
    except OSError as err:
        for target in moved:
            target.unlink(missing_ok=True)
        raise ImportError_("cannot write the import: {reason}", file=path, reason=err.strerror) from None
    return moved


def _verify(draft: Draft, target: Path) -> None:
    """The written source must read back, with every paragraph the file held (compared as plain
    text: a link's text is what the release says, whatever its address)."""
    written = read_release(target, allow_outside=True)
    texts = set()
    for block in written.body + tuple(p for org in written.organisations for p in org.about):
        for spans in getattr(block, "items", None) or [getattr(block, "content", ())]:
            texts.add(plain_text(spans))
    lost = [plain_text(b.content) for b in draft.body if hasattr(b, "content") and plain_text(b.content) not in texts]
    if lost:
        raise DocgenError("import would lose text (a bug in docgen, please report): {text!r}", file=target, text=lost[0][:60])
