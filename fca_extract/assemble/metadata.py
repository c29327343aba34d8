"""Document metadata from the content (never from the file name).

The title block on page 1 is the first witness; when a document has none,
the body testifies: the goal tables' header ("Planerade" / "Genomförda …",
"Utfall"), the overview heading's year, the budget header's year, and the
stadsområde named in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..repair.encoding import fix_soft_hyphens
from ..repair.hyphenation import dehyphenate
from ..repair.lexicon import Lexicon
from .headings import is_toc_entry
from .raw import RawDocument
from .template import YEAR, district_in, doc_type_in, fold


@dataclass
class Metadata:
    doc_type: str  # handlingsplan, arsrapport, unknown
    year: int | None
    district: str | None
    title: str | None


def _body_text(raw: RawDocument) -> str:
    parts = []
    for s in raw.sections:
        parts.append(s.heading)
        parts.extend(s.paragraphs)
    return "\n".join(parts)


#: a table of contents' own heading ("Innehåll", "Innehållsförteckning"): one short line without digits
_TOC_HEADING = re.compile(r"^[^\W\d]+(?: [^\W\d]+){0,2}$")


def title_candidates(lines: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The paragraphs above section 1 (font size, text) that can hold the title: those above a table of
    contents, less the contents' own heading right above its first entry ("Innehåll": an OCR'd size can make
    it look bigger than the title).

    >>> title_candidates([(16.4, "Årsrapport 2027 för FCA i Hisingen"), (10.0, "2028-02-10"), (17.0, "Innehåll"),
    ...                   (10.2, "1 INLEDNING …"), (10.2, "2 MÅLGRUPP . . . . 2")])
    [(16.4, 'Årsrapport 2027 för FCA i Hisingen'), (10.0, '2028-02-10')]
    >>> title_candidates([(16.0, "Handlingsplan"), (10.0, "1 INLEDNING ........ 3")])  # nothing else to take
    [(16.0, 'Handlingsplan')]
    """
    for i, (_, text) in enumerate(lines):
        if is_toc_entry(text):
            above = lines[:i]
            if len(above) > 1 and _TOC_HEADING.match(" ".join(above[-1][1].split())):
                above = above[:-1]
            return above or lines
    return lines


#: a title's lines are set in one size; OCR measures each line's apart, as much as a tenth off (a cover's title
#: read 21.7 and 23.0 points on its two lines: a LibreOffice 150 dpi scan, tuning 1115), while a subtitle is set
#: smaller by a quarter or more
TITLE_SIZE_SHARE = 0.9


def describe(raw: RawDocument, lexicon: Lexicon | None = None) -> Metadata:
    """The document's type, year, district and title; ``lexicon`` (default :meth:`Lexicon.default`) joins a title
    word hyphenated over two lines."""
    # the title is the largest text above section 1; the rest of the block (a
    # "Stadsområde X" line, a date) still testifies to type, year and district
    block = " ".join(" ".join(t.split()) for _, t in raw.title_lines)
    candidates = title_candidates(raw.title_lines)
    biggest = max((s for s, _ in candidates), default=0)
    # the title's lines (a word broken over them at a soft hyphen, or at a hyphen the lexicon joins, is one word:
    # Chromium prints a title's soft hyphen as a plain one, "stadsområ-|de")
    lines = fix_soft_hyphens("\n".join(t for s, t in candidates if s >= min(biggest - 0.5, TITLE_SIZE_SHARE * biggest)))
    title = " ".join(dehyphenate(lines, lexicon or Lexicon.default()).split()) or None
    title_text = title or ""
    body = _body_text(raw)
    doc_type = doc_type_in(title_text) or doc_type_in(block)
    if doc_type is None:
        headers = fold(" ".join(raw.header_texts))
        if "genomford" in headers or "utfall" in headers:
            doc_type = "arsrapport"
        elif "planerad" in headers or "forvantad" in headers:
            doc_type = "handlingsplan"
        else:
            # "Handlingsplanen skickas …" / "Årsrapporten skickas …" in the instructions
            votes = Counter(t for line in body.splitlines() if (t := doc_type_in(line)))
            doc_type = votes.most_common(1)[0][0] if votes else None
    year = None
    m = YEAR.search(title_text)
    if m:
        year = int(m.group(1))
    else:
        for witness in [raw.overview_heading or "", " ".join(raw.budget_headers)]:
            m = YEAR.search(witness)
            if m:
                year = int(m.group(1))
                break
    if year is None:
        years = Counter(int(y) for y in YEAR.findall(body))
        year = years.most_common(1)[0][0] if years else None
    district = district_in(title_text) or district_in(block)
    if district is None:
        m = re.search(r"stadsomr[aå]de\s+(\w+)", body, re.I)
        district = district_in(m.group(1)) if m else None
    if district is None:
        votes = Counter(d for line in body.splitlines() if (d := district_in(line)))
        district = votes.most_common(1)[0][0] if votes else None
    is_fca = bool(raw.activities or raw.goals or raw.budget) or len(raw.sections) >= 3
    if not is_fca:
        doc_type = None
    return Metadata(doc_type or "unknown", year, district, title)
