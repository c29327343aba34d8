"""Expected rows from the hand-written fixture content (fixtures/content/*.json).

The content files are the ground truth the fixture PDFs were generated from;
nothing here runs the code under test.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PDF_DIR = FIXTURES / "pdf"

# fixture PDF stem → content file stem
VARIANTS = {
    "handlingsplan_centrum_2024": "handlingsplan_centrum_2024",
    "arsrapport_sydvast_2023": "arsrapport_sydvast_2023",
    "arsrapport_sydvast_2023_landscape": "arsrapport_sydvast_2023",
    # layout probes: other fonts, column widths and page breaks for the same content
    "handlingsplan_centrum_2024_serif_narrow": "handlingsplan_centrum_2024",
    "arsrapport_sydvast_2023_dejavu_wide": "arsrapport_sydvast_2023",
}


def norm(text):
    """Whitespace-normalised NFC text (paragraph breaks kept), None stays None."""
    if text is None:
        return None
    paras = [" ".join(p.split()) for p in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(p for p in paras if p) or None


def content(stem: str) -> dict:
    return json.loads((FIXTURES / "content" / f"{VARIANTS[stem]}.json").read_text(encoding="utf-8"))


def page_spans(stem: str) -> dict | None:
    p = FIXTURES / "expected" / f"{stem}.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def expected_document(stem: str) -> dict:
    d = content(stem)["document"]
    spans = page_spans(stem)
    out = {k: d[k] for k in ("doc_type", "year", "district", "title")}
    if spans:
        out["n_pages"] = spans["n_pages"]
    return out


def expected_activities(stem: str) -> list[dict]:
    c = content(stem)
    kind = "utfall" if c["document"]["doc_type"] == "arsrapport" else "forvantad_effekt"
    rows = []
    for t in c["goal_tables"]:
        for g in t["groups"]:
            for r in g["rows"]:
                rows.append(
                    {
                        "malomrade_no": t["malomrade_no"],
                        "malomrade": norm(t["heading"]),
                        "delmal_no": g["delmal_no"],
                        "delmal": norm(g["delmal"]),
                        "activity": norm(r["activity"]),
                        "ansvar": norm(r["ansvar"]),
                        "outcome": norm(r["outcome"]),
                        "outcome_kind": kind,
                    }
                )
    spans = page_spans(stem)
    if spans:
        assert len(spans["activity_pages"]) == len(rows), "fixture page spans out of step with content"
        for row, (a, b) in zip(rows, spans["activity_pages"]):
            row["page_start"], row["page_end"] = a, b
    return rows


def expected_goals(stem: str) -> list[dict]:
    ov = content(stem)["overview"]
    rows = []
    for m in ov["malomraden"]:
        for d in m["delmal"]:
            rows.append({"malomrade_no": m["malomrade_no"], "malomrade": norm(m["malomrade"]), "delmal_no": d["delmal_no"], "delmal": norm(d["delmal"])})
    return rows


def expected_budget(stem: str) -> list[dict]:
    return [{k: (norm(v) if isinstance(v, str) else v) for k, v in b.items()} for b in content(stem)["expected_budget"]]
