"""Translation checks: what the English says must survive translation.

Numbers, URLs, e-mail addresses, phone numbers and ``{placeholders}`` of the
English must all be in the translation (numbers by value: 1,400 = 1400 = 一千四百,
HK$18.5 million = 港幣1,850萬元, 30% = 百分之三十; see ``numbers``), and
organisation names follow the glossary (``locales/glossary.yaml``).  Checks are
plain functions returning problems; callers decide whether to refuse.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from docgen import validation
from docgen.errors import DocgenError, Message
from docgen.i18n.numbers import values

# ASCII only: in Chinese text a URL or address runs straight into the next character.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+", re.I)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# HTML or XML tags, and Markdown images: a translation may not add them.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|!\[")
GLOSSARY_FILE = "glossary.yaml"
# Headlines, names and keywords use the short form freely; the first-mention rule is for running text.
GLOSSARY_EXEMPT = {"headline", "subheadline", "organisation.name", "organisation.short_name", "keyword", "contact.name"}


@dataclass(frozen=True)
class Term:
    """How an organisation name is written in one language."""

    source: str
    """The English form, e.g. ``ASTRI``."""
    then: str
    """The translated form every mention must use, e.g. ``應科院``."""
    first: str | None = None
    """The form of the first mention in a document, e.g. ``香港應用科技研究院（應科院）``."""


def _urls(text: str) -> set[str]:
    return {u.rstrip(".,;:!?").lower().removeprefix("https://").removeprefix("http://") for u in _URL.findall(text)}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def check_message(english: str, translation: str) -> list[Message]:
    """What of *english* is missing from *translation*; empty when nothing is."""
    return check_structure(english, translation) + check_facts(english, translation)


def check_structure(english: str, translation: str) -> list[Message]:
    """Placeholders and markup: a translation that breaks them cannot be printed, whoever accepts it."""
    problems = []
    missing = sorted(_placeholders(english) - _placeholders(translation))
    extra = sorted(_placeholders(translation) - _placeholders(english))
    if missing:
        problems.append(Message("placeholder {names} missing from the translation", names=", ".join(missing)))
    if extra:
        problems.append(Message("placeholder {names} is not in the English", names=", ".join(extra)))
    for target in sorted(_links(translation) - _links(english)):
        problems.append(Message("link to {target} in the translation is not in the English", target=target))
    for tag in sorted(_markup(_PLACEHOLDER.sub("", translation)) - _markup(english)):
        problems.append(Message("markup {tag} in the translation is not in the English", tag=tag))
    return problems


def check_facts(english: str, translation: str) -> list[Message]:
    """Numbers, URLs, e-mail addresses and phone numbers of *english* missing from *translation*."""
    problems = []
    text = _PLACEHOLDER.sub("", translation)
    translated = values(text)
    numbers = [written for value, written in sorted(values(_PLACEHOLDER.sub("", english)).items()) if value not in translated]
    if numbers:
        problems.append(Message("number {numbers} missing from the translation", numbers=", ".join(numbers)))
    for url in sorted(_urls(english) - _urls(text)):
        problems.append(Message("URL {url} missing from the translation", url=url))
    for url in sorted(_urls(text) - _urls(english)):
        problems.append(Message("URL {url} in the translation is not in the English", url=url))
    for email in sorted(set(_EMAIL.findall(english)) - set(_EMAIL.findall(text))):
        problems.append(Message("e-mail address {email} missing from the translation", email=email))
    translated_phones = {_digits(p) for p in _PHONE.findall(text)}
    for phone in _PHONE.findall(english):
        if _digits(phone) not in translated_phones and _digits(phone) not in _digits(text):
            problems.append(Message("phone number {phone} missing from the translation", phone=phone))
    return problems


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def check_language(english: str, translation: str, language: str) -> list[Message]:
    """A Chinese translation with no Chinese in it, of English of two words or more, is the
    English left behind (Latin words inside Chinese text, ``FinTech``, ``AI``, are fine)."""
    if not language.startswith("zh") or _HAN.search(translation) or len(_LATIN_WORD.findall(english)) < 2:
        return []
    return [Message("the translation has no Chinese in it: is it still the English?")]


def check_characters(translation: str) -> list[Message]:
    """Traditional-only characters in a Simplified translation: those OpenCC's Traditional to
    Simplified conversion changes, read in context (``著名`` stays, ``著作權`` would not)."""
    from docgen.i18n.convert import traditional_only

    found = traditional_only(translation)
    if not found:
        return []
    return [Message("Traditional characters in a Simplified translation: {characters} (would be {simplified})",
                    characters="".join(found), simplified="".join(found.values()))]


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


def _links(text: str) -> set[str]:
    """The targets of the Markdown links in *text*: a translation may move a link, never add one."""
    return set(_LINK_TARGET.findall(text))


def _markup(text: str) -> set[str]:
    return set(_MARKUP.findall(text))


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def check_glossary(pairs: list[tuple[str, str]], terms: list[Term]) -> list[tuple[int, Message]]:
    """Glossary problems in (English, translation) pairs given in reading order, as (index, problem)."""
    problems = []
    for term in terms:
        pattern = re.compile(rf"(?<![\w]){re.escape(term.source)}(?![\w])")
        seen = False
        for index, (english, translation) in enumerate(pairs):
            if not pattern.search(english):
                continue
            wanted = term.first if term.first and not seen else term.then
            if translation and wanted not in translation:
                if term.first and not seen:
                    problems.append((index, Message("glossary: first mention of {term} should read {wanted}", term=term.source, wanted=wanted)))
                else:
                    problems.append((index, Message("glossary: {term} should read {wanted}", term=term.source, wanted=wanted)))
            seen = True
    return problems


def load_glossary(folder: Path, locale_tag: str) -> list[Term]:
    """The glossary's terms for *locale_tag* (none when there is no glossary)."""
    path = folder / GLOSSARY_FILE
    if not path.is_file():
        return []
    stat = path.stat()
    return list(_glossary(path, stat.st_mtime_ns, stat.st_size, locale_tag))


@functools.lru_cache(maxsize=16)
def _glossary(path: Path, _mtime: int, _size: int, locale_tag: str) -> tuple[Term, ...]:
    """The terms of the glossary *path* as it is (by its mtime and size): read once for a batch, not per release."""
    from docgen.sources import yamldata  # reading YAML with locations belongs to the sources

    data = yamldata.load(path.read_text("utf-8"), file=path)
    if not isinstance(data, dict):
        raise DocgenError("a glossary maps locale tags to lists of terms", file=path, line=1)
    terms = []
    for number, entry in enumerate(data.get(locale_tag) or []):
        if not isinstance(entry, dict) or set(entry) - {"source", "then", "first"} or not {"source", "then"} <= set(entry):
            line, place = validation.line_of(data, (locale_tag, number)), f"{locale_tag}.{number}"
            raise DocgenError("a glossary term has 'source', 'then' and optionally 'first'", file=path, line=line, field=place)
        terms.append(Term(source=str(entry["source"]), then=str(entry["then"]), first=entry.get("first")))
    return tuple(terms)
