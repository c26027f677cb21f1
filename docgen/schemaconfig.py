"""pydantic's configuration of docgen's schemas (the model, front matter, profiles, styles,
wires, locales, the project file), in one place and without importing pydantic.

Field docstrings become descriptions in a printed JSON Schema (``docgen schema``), but pydantic
reads them from the source code with ``inspect``, about a fifth of a second per command; they
are read only when a schema is printed."""
from __future__ import annotations

_CONFIGS: list[dict] = []


def strict(**options) -> dict:
    """A configuration refusing unknown fields; *options* are pydantic's ``ConfigDict`` keys."""
    config = {"extra": "forbid", "use_attribute_docstrings": False, **options}
    _CONFIGS.append(config)
    return config


def describe_fields() -> None:
    """From now on, schemas carry their fields' docstrings (before a JSON Schema is made)."""
    from docgen import model  # its configuration is a plain dict: the model imports only the standard library

    for config in [*_CONFIGS, model._JSON]:
        config["use_attribute_docstrings"] = True
