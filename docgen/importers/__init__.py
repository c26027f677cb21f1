"""``docgen import``: wire copy and Word documents into canonical release sources.

An importer reads a file into a ``Draft``; ``import_file`` makes it a release,
writes the source (and an organisation profile when none exists), reads the
written source back to prove it is valid, and checks that no text was lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError
from docgen.i18n import context_for
from docgen.i18n.context import DATELINE_CITIES, WIRE_SERVICES
from docgen.inline import as_text
from docgen.importers.draft import Draft, ImportError_, parse_embargo
from docgen.model import Dateline, Organisation, Release, plain_text
from docgen.sources import writer
from docgen.sources.markdown import PROFILE_FOLDER, read_organisation, read_release, read_text, slugify


@dataclass(frozen=True)
class Imported:
    source: Path
    profile: Path | None
    guesses: tuple[str, ...]
    warnings: tuple[str, ...]


def read_draft(path: Path, images: Path) -> Draft:
    if path.suffix.lower() == ".docx":
        from docgen.importers.docx import read_docx

        return read_docx(path, images)
    from docgen.importers.wire import read_wire

    return read_wire(read_text(path), str(path))


def _canonical(name: str, known: tuple[str, ...], chinese: bool) -> str:
    """'HONG KONG' or '香港' -> 'Hong Kong': the form the model keeps (renderers localise it)."""
    ctx = context_for("zh-Hant-HK")
    for candidate in known:
        if name.lower() in (candidate.lower(), ctx.gettext(candidate).lower()):
            return candidate
    return name.title() if name.isupper() else name


def _find_profile(out: Path, org: str) -> Path | None:
    for folder in [out.resolve(), *out.resolve().parents]:
        candidate = folder / PROFILE_FOLDER / f"{org}.yaml"
        if candidate.is_file():
            return candidate
    return None


def import_file(path: Path, out: Path, org: str | None = None) -> Imported:
    """Import one file into *out*; a DocgenError when it cannot be imported."""
    draft = read_draft(path, out / "images")
    if not draft.date or not draft.headline:
        raise ImportError_("no headline or date found", file=path)
    org_id = org or slugify(draft.about_name or draft.source_name or "") or "organisation"
    profile_file = _find_profile(out, org_id)
    if profile_file:
        profile, organisation = read_organisation(profile_file)
        imported_about = [plain_text(p.content) for p in draft.about]
        known = ([plain_text(p.content) for p in organisation.about], [as_text(p.content) for p in organisation.about])
        if imported_about and imported_about not in known:  # as written, or as wire copy prints links
            draft.warnings.append(f"the boilerplate differs from the profile {profile_file}; the profile's is used")
        defaults = {"city_default": profile.dateline_city, "wire_default": profile.wire, "contacts_default": profile.contacts}
    else:
        name = draft.source_name or draft.about_name or org_id
        organisation = Organisation(id=org_id, name=name, short_name=draft.about_name or name, about=tuple(draft.about))
        defaults = {"city_default": None, "wire_default": None, "contacts_default": ()}
    city = _canonical(draft.city, DATELINE_CITIES, draft.chinese)
    wire = _canonical(draft.wire, WIRE_SERVICES, draft.chinese) if draft.wire else None
    slug = "-".join(filter(None, [draft.date.isoformat(), "-".join(slugify(draft.headline).split("-")[:6]) or slugify(path.stem)]))
    embargo = parse_embargo(draft.embargo_text) if draft.embargo_text else None
    if draft.embargo_text and embargo is None:
        draft.warnings.append(f"embargo line not understood; set 'embargo:' in the front matter yourself: {draft.embargo_text!r}")
    release = Release(
        slug=slug, language="zh-Hant-HK" if draft.chinese else "en", headline=draft.headline, subheadline=draft.subheadline,
        dateline=Dateline(city=city, date=draft.date, wire=wire), body=tuple(draft.body), organisation=organisation,
        contacts=tuple(draft.contacts) if draft.contacts else (profile.contacts if profile_file else ()),
        embargo=embargo,
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{slug}.md"
    if target.exists():
        raise ImportError_(f"{target} exists already; move it away or import into another folder", file=path)
    created = None
    if not profile_file:
        created = out / PROFILE_FOLDER / f"{org_id}.yaml"
        created.parent.mkdir(exist_ok=True)
        created.write_text(writer.profile(release), "utf-8")
        draft.guesses.append(f"new organisation profile {created} from the release's boilerplate; check it")
    target.write_text(writer.source(release, out, **defaults), "utf-8")
    _verify(draft, target)
    return Imported(target, created, tuple(draft.guesses), tuple(draft.warnings))


def _verify(draft: Draft, target: Path) -> None:
    """The written source must read back, with every paragraph the file held."""
    written = read_release(target, allow_outside=True)
    texts = set()
    for block in written.body + written.organisation.about:
        for spans in getattr(block, "items", None) or [getattr(block, "content", ())]:
            texts.add(as_text(spans))
    lost = [plain_text(b.content) for b in draft.body if hasattr(b, "content") and plain_text(b.content) not in texts]
    if lost:
        raise DocgenError(f"import would lose text (a bug in docgen, please report): {lost[0][:60]!r}", file=target)
