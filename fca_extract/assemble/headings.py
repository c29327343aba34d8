"""Numbered headings: which paragraph opens a section (1 … 10) or a målområde (7.1 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout.page import Paragraph
from .template import DIGIT_LOOKALIKES, HEADING, is_caps_heading

#: a table-of-contents entry ends in dot leaders and a page number, or holds a leader anywhere (a scan's leader
#: comes back from OCR as "…", :func:`fca_extract.ocr.recognise.leader_words`, and the page number beyond it may
#: be misread, or read into a column of its own), dots set close or a space apart (". . . .", LaTeX's and some
#: word processors' leader): no heading has one
TOC_ENTRY = re.compile(r"(\.{3,}|…)\s*\d{1,3}$|(?:\. ?){4,}|…")


def is_toc_entry(text: str) -> bool:
    """Is ``text`` (a paragraph, wrapped or not) a table-of-contents entry?

    >>> is_toc_entry("2 MÅLGRUPP . . . .\\n. . 2"), is_toc_entry("2 MÅLGRUPP")
    (True, False)
    """
    return TOC_ENTRY.search(" ".join(text.split())) is not None


#: a section number may skip at most this many numbers (a missed heading)
MAX_SECTION_STEP = 3
MAX_HEADING_CHARS = 120


@dataclass(frozen=True)
class Heading:
    major: str
    minor: str | None  # "1" of "7.1"; None for a section heading
    text: str
    unnumbered: bool = False  # OCR lost the number; taken as the next section

    @property
    def number(self) -> str:
        return self.major if self.minor is None else f"{self.major}.{self.minor}"


def read_heading(p: Paragraph, section_no: str | None) -> Heading | None:
    """The heading ``p`` is, given the current section, or ``None``.

    A section heading must follow the current section closely, be short, and
    be bold or in capitals; "7.1 …" counts inside section 7. Any other bold
    capital line after a section has begun is taken as the next section (OCR
    lost its number). The heading's text stays wrapped as printed (the repair
    joins a word hyphenated at its line end).
    """
    h = _numbered(p.text.strip(), p.bold, section_no) or _misread_number(p.text.strip(), section_no)
    if h is None and section_no is not None and is_caps_heading(p.text) and p.bold and len(p.text) < 80 and "\n" not in p.text:
        return Heading(str(int(section_no) + 1), None, p.text.strip(), unnumbered=True)
    return h


_LEAD = re.compile(r"^(\S{1,2})\s+(\S.*)$")
# the space after the number lost: "1INLEDNING"; its 1 read as a small l too ("lINLEDNING": a WeasyPrint scan,
# tuning 1126; no word is a small letter before capitals)
_GLUED = re.compile(r"^([\dl]{1,2})([A-ZÅÄÖ]{2}.*)$")


def _misread_number(text: str, section_no: str | None) -> Heading | None:
    """A capitals heading whose number OCR read as letters, taken where they spell the next section's number
    (glued to the heading too: "1INLEDNING", LibreOffice scan 1084); one capital letter that spells no digit
    ("D INSTRUKTIONER" for a bold "5", LibreOffice scan 964) is the number of the next section, misread (no word of
    Swedish is one such letter before a capitals heading; "I" is, and a wrapped heading's second line, "I
    STADSOMRÅDET", is no section). Before any section, one or two capitals or digits are section 1's number
    whatever they spell ("Z INLEDNING", "TZ INLEDNING": Chromium scans 1073, 1061): only the cover, the title and
    the contents stand before it, and no contents' entry is a heading.

    >>> _misread_number("S INSTRUKTIONER", "4")
    Heading(major='5', minor=None, text='INSTRUKTIONER', unnumbered=False)
    >>> _misread_number("S INSTRUKTIONER", "6") is None, _misread_number("Så arbetar vi", "4") is None
    (True, True)
    >>> _misread_number("D INSTRUKTIONER", "4"), _misread_number("Å INSTRUKTIONER", "4")
    (Heading(major='5', minor=None, text='INSTRUKTIONER', unnumbered=True), None)
    >>> _misread_number("I STADSOMRÅDET", "7") is None, _misread_number("TZ MÅLGRUPP", "1") is None
    (True, True)
    >>> _misread_number("Z INLEDNING", None), _misread_number("Z INLEDNING . . . . . 3", None)
    (Heading(major='1', minor=None, text='INLEDNING', unnumbered=True), None)
    >>> _misread_number("TZ INLEDNING", None).major, _misread_number("1INLEDNING", None).major
    ('1', '1')
    >>> _misread_number("1INLEDNING", "3"), _misread_number("Ta INLEDNING", None)
    (None, None)
    >>> _misread_number("lINLEDNING", None).major, _misread_number("BUDGET", "7")
    ('1', None)
    """
    m = _LEAD.match(text) or _GLUED.match(text)
    if m is None or "\n" in text or len(text) > MAX_HEADING_CHARS or is_toc_entry(text) or not is_caps_heading(m.group(2)):
        return None
    current = int(section_no) if section_no else 0
    lead = m.group(1)
    digits = "".join(DIGIT_LOOKALIKES.get(c, c) for c in lead)
    if digits.isdigit() and int(digits) == current + 1:
        return Heading(digits, None, m.group(2))
    if len(lead) == 1 and "A" <= lead <= "Z" and lead not in DIGIT_LOOKALIKES:
        return Heading(str(current + 1), None, m.group(2), unnumbered=True)
    if section_no is None and not lead.isdigit() and all("A" <= c <= "Z" or c.isdigit() for c in lead):
        return Heading("1", None, m.group(2), unnumbered=True)
    return None


def _numbered(text: str, bold: bool, section_no: str | None) -> Heading | None:
    m = HEADING.match(text)
    if not m:
        return None
    major, minor, rest = m.group(1), m.group(2), m.group(3)
    flat = " ".join(text.split())
    if not rest[:1].isupper() or is_toc_entry(rest):  # "1 INLEDNING ........ 3" is the table of contents
        return None
    lost = _lost_point(major, minor, section_no)
    if lost is not None:
        major, minor = lost
    if minor is None:
        last = int(section_no) if section_no else 0
        if not (last < int(major) <= last + MAX_SECTION_STEP) or len(flat) > MAX_HEADING_CHARS:
            return None
        return Heading(major, None, rest) if bold or is_caps_heading(rest) else None
    if section_no and major == section_no and (bold or len(flat) < 300):
        return Heading(major, minor, rest)
    return None


def _lost_point(major: str, minor: str | None, section_no: str | None) -> tuple[str, str] | None:
    """A målområde's number whose point OCR lost ("73" for "7.3", a Chromium scan with a bad OCR layer, tuning
    1210): inside section n, a number of n's digits and one or two more that no section can have (it is past
    :data:`MAX_SECTION_STEP`) is n.m.

    >>> _lost_point("73", None, "7"), _lost_point("73", None, "6"), _lost_point("8", None, "7"), _lost_point("7", "3", "7")
    (('7', '3'), None, None, None)
    """
    if minor is not None or not section_no or not major.startswith(section_no) or len(major) == len(section_no):
        return None
    if int(major) <= int(section_no) + MAX_SECTION_STEP:
        return None
    return section_no, major[len(section_no):]
