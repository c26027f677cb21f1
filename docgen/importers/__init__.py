"""``docgen import``: wire copy and Word documents into canonical release sources.

An importer reads a file into a ``Draft``; ``import_file`` makes it a release,
writes the source (and an organisation profile when none exists), reads the
written source back to prove it is valid, and checks that no text was lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError
from docgen import wires
from docgen.i18n.context import DATELINE_CITIES
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
    city = _city(draft.city, draft.chinese)
    wire = _wire(draft, out)
    slug = "-".join(filter(None, [draft.date.isoformat(), "-".join(slugify(draft.headline).split("-")[:6]) or slugify(path.stem)]))
    embargo = parse_embargo(draft.embargo_text) if draft.embargo_text else None
    if draft.embargo_text and embargo is None:
        draft.warnings.append(f"embargo line not understood; set 'embargo:' in the front matter yourself: {draft.embargo_text!r}")
    release = Release(
        slug=slug, language="zh-Hant-HK" if draft.chinese else "en", headline=draft.headline, subheadline=draft.subheadline,
        dateline=Dateline(cities=(city,), date=draft.date, wire=wire), body=tuple(draft.body), organisations=(organisation,),
        contacts=tuple(draft.contacts) if draft.contacts else (profile.contacts if profile_file else ()),
        embargo=embargo, highlights=tuple(draft.highlights), hashtags=tuple(draft.hashtags),
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
