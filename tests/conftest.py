"""Shared fixtures: paths to the fixture projects and a factory for throw-away releases."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# docgen speaks the user's language on the terminal; the tests expect English wherever they run.
os.environ["LANGUAGE"] = "en"
# docgen's cache (font metrics, checked releases) goes to a folder of the test run's own, never the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="docgen-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

# Property tests without their own settings: 200 examples in CI; the long fuzz run is
# HYPOTHESIS_PROFILE=fuzz (10,000 examples a test).
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_SOURCE = ROOT / "source" / "2024-02-28-astri-budget.md"
ALL_BLOCKS = FIXTURES / "project" / "source" / "all-blocks.md"

VALID_FRONT_MATTER = """\
headline: A valid headline
organisation: example
dateline:
  date: 2024-09-05
"""


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's source/ and locales/ (the seed, its profile, its catalogues)."""
    shutil.copytree(ROOT / "source", tmp_path / "seed" / "source")
    shutil.copytree(ROOT / "locales", tmp_path / "seed" / "locales")
    return tmp_path / "seed"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture project's source folder (with the example organisation)."""
    target = tmp_path / "source"
    shutil.copytree(FIXTURES / "project" / "source", target)
    return target


@pytest.fixture
def make_release(project: Path):
    """Write a release into the fixture project and return its path."""

    def make(front_matter: str = VALID_FRONT_MATTER, body: str = "First paragraph.\n", name: str = "release.md", raw: bytes | None = None) -> Path:
        path = project / name
        path.write_bytes(raw if raw is not None else f"---\n{front_matter}---\n\n{body}".encode("utf-8"))
        return path

    return make


def docgen_in(project: Path, *args: str):
    """``docgen ARGS`` run from *project*, as a user in that folder runs it (paths relative to it)."""
    from click.testing import CliRunner

    from docgen.cli import main

    here = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(here)
