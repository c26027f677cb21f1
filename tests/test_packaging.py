"""What a non-editable install ships: every package, the fonts, catalogues and templates."""
import pytest

from tests.conftest import ROOT

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the check itself needs no particular Python


def test_every_package_is_listed_for_setuptools():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "docgen").rglob("__init__.py")}
    assert on_disk <= set(config["packages"])
    assert {"docgen.fonts", "docgen.locales", "docgen.templates"} <= set(config["packages"])
