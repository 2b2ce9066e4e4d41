"""Verify: every evidence phrase stands word for word in the text of its source, where that text is at hand."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from dashboard.curation.read import DEFAULT_OUT, CuratedTable, Problem, display, short
from dashboard.curation.rules import CHINESE_QUOTED, load_curated
from dashboard.schema import ZhOrigin

EXCERPTS_FILE = DEFAULT_OUT / "raw" / "excerpts.csv"
# The tables whose rows quote a source, in the order they are verified.
QUOTED = ("observations", "places", "mentions", "events", "compliance_notes", "area_wordings")


def read_excerpts(path: Path | None) -> dict[str, str]:
    """source_id -> the stored excerpts of that source's page (datasets/raw/excerpts.csv), joined."""
    texts: dict[str, str] = {}
    if path and path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts[row["source_id"]] = texts.get(row["source_id"], "") + "\n" + row["excerpt"]
    return texts


def read_seeds(seeds: Path | None) -> dict[str, str]:
    """Seed number ("004") -> the text of that seed article."""
    if not (seeds and seeds.is_dir()):
        return {}
    return {path.name.split("_")[0]: path.read_text(encoding="utf-8") for path in seeds.glob("*.txt")}


def read_research(research: Path | None) -> dict[str, str]:
    """URL -> the evidence the research table holds for that page, joined."""
    texts: dict[str, str] = {}
    if research and research.exists():
        with research.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                texts[row["url"]] = texts.get(row["url"], "") + "\n" + row["evidence"]
    return texts


class Texts:
    """The source texts at hand: the seed articles, the research table (by URL) and the stored excerpts."""

    def __init__(self, seeds: Path | None, research: Path | None, excerpts: Path | None):
        self.seeds = read_seeds(seeds)
        self.research = read_research(research)
        self.excerpts = read_excerpts(excerpts)
        self.full = research is not None  # a full check: every source's text must be at hand

    def of(self, source: dict[str, Any]) -> str | None:
        """The text to find a phrase of `source` in, or None when there is none."""
        seed = _seed_number(source)
        if seed:
            return self.seeds.get(seed)
        found = [self.research.get(source["url"] or ""), self.excerpts.get(source["source_id"])]
        return "\n".join(f for f in found if f) or None


def _verify_table(
    ct: CuratedTable,
    column: str,
    file: str,
    sources: dict[str, dict],
    texts: Texts,
    problems: list[Problem],
    source_column: str = "source_id",
) -> int:
    """Check the phrases of one table (the quotation in `column` of the source in `source_column`),
    appending what is wrong; return how many were checked. A row that names no source quotes none."""
    checked = 0
    for row, line in zip(ct.rows, ct.lines, strict=False):
        phrase = row.get(column)
        if not phrase or not row.get(source_column):
            continue
        source = sources[row[source_column]]
        haystack = texts.of(source)
        if haystack is None:
            if texts.full and not _seed_number(source):
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        f"no stored text of {source['source_id']} to check the evidence against",
                        "add the page's excerpt around the phrase to datasets/raw/excerpts.csv",
                    )
                )
            continue
        checked += 1
        if _normalise(phrase) not in _normalise(haystack):
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    f"'{short(phrase, 60)}' is not word for word in {source['source_id']}",
                    "copy the phrase exactly as the source prints it",
                )
            )
    return checked


def verify_evidence(
    src: Path, seeds: Path | None, research: Path | None, excerpts: Path | None = EXCERPTS_FILE
) -> tuple[int, list[Problem]]:
    """Check that each evidence phrase appears verbatim in its source's text, where that text is at hand:
    the seed articles, the research table (by URL) and the stored excerpts of each page (by source)."""
    tables = load_curated(src)
    texts = Texts(seeds, research, excerpts)
    sources = {r["source_id"]: r for r in tables["sources"].rows}
    problems: list[Problem] = []
    checked = 0
    for name in QUOTED:
        column = "wording" if name == "area_wordings" else "evidence"
        ct = tables[name]
        checked += _verify_table(ct, column, display(src / ct.table.csv_file), sources, texts, problems)
    for name, column in CHINESE_QUOTED:  # a Chinese original stands word for word in its Chinese source
        ct = tables[name]
        originals = [(r, n) for r, n in zip(ct.rows, ct.lines, strict=False) if r["zh_origin"] == ZhOrigin.ORIGINAL]
        quoted = CuratedTable(ct.table, [r for r, _ in originals], [n for _, n in originals])
        file = display(src / ct.table.csv_file)
        checked += _verify_table(quoted, column, file, sources, texts, problems, source_column="zh_source_id")
    checked += _verify_clauses(tables, src, sources, texts, problems)
    return checked, problems


def _verify_clauses(
    tables: dict[str, CuratedTable], src: Path, sources: dict[str, dict], texts: Texts, problems: list[Problem]
) -> int:
    """A target's clause stands word for word in the text of its observation's source."""
    ct = tables["targets"]
    source_of = {r["obs_id"]: r["source_id"] for r in tables["observations"].rows}
    rows = [r | {"source_id": source_of.get(r["obs_id"])} for r in ct.rows]
    clauses = CuratedTable(ct.table, rows, ct.lines)
    return _verify_table(clauses, "clause", display(src / ct.table.csv_file), sources, texts, problems)


def _seed_number(source: dict[str, Any]) -> str | None:
    """The seed article's number ("004") of a seed source (seed_004), else None."""
    seed = re.fullmatch(r"seed_(\d{3})", source["source_id"])
    return seed.group(1) if seed else None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)
