"""docgen: bilingual press releases from one canonical source."""

__version__ = "0.1.0"
