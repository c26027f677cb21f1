"""The checks a wire desk (and ../shared/check/verify-outputs) applies to wire copy,
as plain functions, so the test suite does not depend on anything outside the repository."""
from __future__ import annotations

import re
import unicodedata

AP_MONTHS = r"(Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
FULL_MONTHS = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
# The city in capitals up to any comma, then a state or country as written (BROOKLYN, N.Y.; HONG KONG and SHENZHEN).
CITY = r"[A-Z][A-Z .'\-]*(?:, [A-Z][A-Za-z.]*)?(?: (?:and|&) [A-Z][A-Z .'\-]*)*"
# Each wire's dateline in wire copy, as the wires print them (see docgen/wires/*.yaml for the sources).
EN_DATELINES = {
    "PRNewswire": CITY + r", " + AP_MONTHS + r" \d{1,2}, \d{4} /PRNewswire/ -- ",
    "BusinessWire": CITY + r"--\(BUSINESS WIRE\)--",
    "GlobeNewswire": CITY + r", " + AP_MONTHS + r" \d{1,2}, \d{4} \(GLOBE NEWSWIRE\) -- ",
    "MediaOutReach": CITY + r" - Media OutReach Newswire - \d{1,2} " + FULL_MONTHS + r" \d{4} - ",
    "ACNNewswire": CITY + r", [A-Z][a-z]{2,4} \d{1,2}, \d{4} - \(ACN Newswire\) - ",
    "ACCESSWIRE": CITY + r" / ACCESSWIRE / " + FULL_MONTHS + r" \d{1,2}, \d{4} / ",
    "none": CITY + r", " + AP_MONTHS + r" \d{1,2}, \d{4} -- ",
}
ZH_DATELINES = {
    "PRNewswire": r"[^\s\d]+\d{4}年\d{1,2}月\d{1,2}日 /美通社/ -- ",
    "BusinessWire": r"[^\s\d]+--\(美國商業資訊\)--",
    "ACNNewswire": r"[^\s\d]+, \d{4}年\d{1,2}月\d{1,2}日 - \(亞太商訊\) - ",
    "none": r"[^\s\d]+\d{4}年\d{1,2}月\d{1,2}日 -- ",
}
EN_DATELINE = re.compile("^" + EN_DATELINES["PRNewswire"], re.M)
ZH_DATELINE = re.compile(ZH_DATELINES["PRNewswire"], re.M)
NO_START = set("。，、；：？！）」』》〉】〕｝］’”…‥·・ー々ゝゞヽヾ％‰℃!),.:;?]}")
NO_END = set("（「『《〈【〔｛［‘“([{")


def squash(text: str) -> str:
    """Fold away layout, wrapping, quote and dash styles (as verify-outputs does)."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("—", "-"), ("–", "-"), ("--", "-")):
        text = text.replace(a, b)
    return re.sub(r"[\s\-]+", "", text)


def missing_paragraphs(text: str, paragraphs: list[str]) -> list[str]:
    body = squash(text)
    return [p for p in paragraphs if squash(p) not in body]


def wire_problems(raw: bytes) -> list[str]:
    """Encoding and layout problems of a wire copy file; empty when it is clean."""
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return [f"not UTF-8: {err}"]
    if text.startswith("\ufeff"):
        problems.append("byte-order mark")
    if "\r" in text:
        problems.append("CR line ends")
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in text):
        problems.append("control characters")
    if not text.endswith("\n"):
        problems.append("no final newline")
    return problems


def seed_paragraphs(seed_text: str) -> list[str]:
    """The seed's paragraphs, its odd first line (``date YYYY-MM-DD <headline>``) reduced to the headline."""
    first, rest = seed_text.split("\n", 1)
    return [first.strip().split(" ", 2)[2]] + [p.strip() for p in rest.split("\n\n") if p.strip()]


def line_break_problems(lines: list[str]) -> list[str]:
    """Lines that start with closing or end with opening punctuation (kinsoku)."""
    bad = [line for line in lines[1:] if line.strip() and line.lstrip()[0] in NO_START]
    return bad + [line for line in lines if line.strip() and line.rstrip()[-1] in NO_END]
