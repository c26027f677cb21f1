"""Localisation: docgen's own words, dates and language data per locale
(``LocaleContext``), and the translation of release content through gettext
catalogues managed with Babel (``translate``)."""
from docgen.i18n.context import LocaleContext, N_, context_for
from docgen.i18n.locales import LocaleInfo, available, locale_tag, parse_locale

__all__ = ["LocaleContext", "LocaleInfo", "N_", "available", "context_for", "locale_tag", "parse_locale"]
