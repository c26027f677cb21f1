"""Where a release's organisation profiles are: ``organisations/<id>.yaml`` beside the release
or above it, within its project (found without reading any of them)."""
from __future__ import annotations

import re
from pathlib import Path

from docgen.errors import DocgenError

PROFILE_FOLDER = "organisations"


def profile_path(release: Path, org_id: str, line: int | None = None) -> Path:
    """``organisations/<id>.yaml`` in the release's folder or the nearest folder above it, up to
    the project root (the folder of ``docgen.yaml``) when there is one."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", org_id):
        raise DocgenError("not an organisation id: {org!r}", file=release, line=line, field="organisation", org=org_id)
    from docgen import project

    searched = []
    top = project.find(release.parent)  # a project's root bounds the search: profiles above it are another's
    for folder in release.resolve().parents:
        candidate = folder / PROFILE_FOLDER / f"{org_id}.yaml"
        if candidate.is_file():
            return candidate
        searched.append(folder / PROFILE_FOLDER)
        if top is not None and folder == top.parent:
            break
    known = sorted({p.stem for f in searched if f.is_dir() for p in f.glob("*.yaml")})
    if not known:
        raise DocgenError("unknown organisation {org!r} (known: no {folder}/ folder found next to or above the release)",
                          file=release, line=line, field="organisation", org=org_id, folder=PROFILE_FOLDER)
    raise DocgenError("unknown organisation {org!r} (known: {known})", file=release, line=line, field="organisation",
                      org=org_id, known=", ".join(known))
