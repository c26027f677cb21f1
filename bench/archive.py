"""A synthetic archive made from the seed release, for the archive rows of the benchmark
(``.venv/bin/python -m bench``; see bench/archive_speed.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "2024-02-28-astri-budget.md"


def make_archive(folder: Path, count: int) -> Path:
    """*count* copies of the seed with their own slugs and catalogues."""
    shutil.copytree(ROOT / "source" / "organisations", folder / "source" / "organisations")
    shutil.copytree(ROOT / "locales", folder / "locales")
    messages = folder / "locales" / "zh_Hant_HK" / "LC_MESSAGES"
    for n in range(count):
        slug = f"release-{n:04d}"
        shutil.copyfile(SEED, folder / "source" / f"{slug}.md")
        shutil.copyfile(messages / "2024-02-28-astri-budget.po", messages / f"{slug}.po")
    return folder
