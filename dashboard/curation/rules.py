"""The checks across rows and tables, as a registry of small named rules.

Each rule is a function that takes the curated tables (`Curated`) and yields a `Problem` for every row it
rejects, naming the file, the row, the column, what is wrong and what to do. `@rule(name, description,
needs=...)` registers it; `check_integrity` runs the rules in the order they are registered, skipping a rule
when a table it needs could not be read (that table's own problems are already listed). The name and the
one-line description are what `python -m dashboard.curation docs` writes into datasets/README.md.

A cell-level problem (a bad number, a date, a value outside its closed set) is found earlier, by
`read.parse_cell`, and its row never reaches these rules.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.curation.read import CuratedTable, CurationError, Problem, display, read_curated, short
from dashboard.curation.series import JUMP_POINTS, JUMP_RATIO, Finding
from dashboard.curation.series import findings as series_findings
from dashboard.schema import (
    TABLES,
    AreaKind,
    Language,
    ObservationKind,
    Precision,
    SeriesCheck,
    Status,
    UnitKind,
    ZhOrigin,
)

MAX_EVIDENCE_WORDS = 25
# The tables whose rows quote a source, and the column holding the quotation.
QUOTED = (
    ("observations", "evidence"),
    ("area_wordings", "wording"),
    ("area_wordings", "wording_zh"),
    ("compliance_notes", "evidence"),
    ("compliance_notes", "evidence_zh"),
    ("places", "evidence"),
    ("mentions", "evidence"),
    ("events", "evidence"),
)
# The tables with a Chinese text beside an English quotation: (table, the Chinese column). The Chinese text is
# a Chinese source's own words (zh_origin original, from zh_source_id) or our translation.
CHINESE_QUOTED = (("area_wordings", "wording_zh"), ("compliance_notes", "evidence_zh"))

Row = dict[str, Any]


@dataclass(frozen=True)
class Curated:
    """What a rule reads: the curated tables that could be read, and the folder they came from."""

    tables: dict[str, CuratedTable]
    src: Path
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # what several rules derive

    def rows(self, table: str) -> Iterator[tuple[int, Row]]:
        """(index, row) of every row of `table`; the index is what `problem` takes."""
        return enumerate(self.tables[table].rows)

    def by_id(self, table: str) -> dict[Any, Row]:
        """The rows of `table` by the first column of its key."""
        if table not in self.tables:
            return {}
        key = self.tables[table].table.key[0]
        return {r[key]: r for r in self.tables[table].rows}

    def file(self, table: str) -> str:
        spec = self.tables[table].table if table in self.tables else TABLES[table]
        return display(self.src / spec.csv_file)

    def problem(self, table: str, index: int, column: str | None, message: str, fix: str) -> Problem:
        return Problem(self.file(table), self.tables[table].lines[index], column, message, fix)


@dataclass(frozen=True)
class Rule:
    name: str
    description: str  # one line, for datasets/README.md
    needs: tuple[str, ...]  # the tables it reads; it is skipped when one of them could not be read
    check: Callable[[Curated], Iterable[Problem]]


RULES: dict[str, Rule] = {}  # in the order they run


def rule(name: str, description: str, *, needs: tuple[str, ...] = ()):
    """Register a check under `name`, with a one-line `description` of what it requires."""

    def register(check: Callable[[Curated], Iterable[Problem]]) -> Callable[[Curated], Iterable[Problem]]:
        if name in RULES:
            raise ValueError(f"a rule named {name} is already registered")
        RULES[name] = Rule(name, description, needs, check)
        return check

    return register


def check_integrity(tables: dict[str, CuratedTable], src: Path) -> list[Problem]:
    """Run every rule, in order, on the tables that could be read."""
    curated = Curated(tables, src)
    return [problem for r in RULES.values() if all(n in tables for n in r.needs) for problem in r.check(curated)]


def load_curated(src: Path) -> dict[str, CuratedTable]:
    """Read, type and check every curated table. Raises CurationError listing every problem. Returns the
    tables that are built and served (the curation-only ones, such as the series reviews, are checked and
    left out)."""
    problems: list[Problem] = []
    tables = read_curated(src, problems)
    problems.extend(check_integrity(tables, src))
    if problems:
        raise CurationError(problems)
    return {name: ct for name, ct in tables.items() if name in TABLES}


# Helpers the rules share (and the sources page uses formula_inputs) ------------------------------


def count_words(text: str) -> int:
    """Words in an evidence phrase: Latin-script tokens, plus one word per two Chinese characters."""
    cjk = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalnum())
    latin = re.sub(r"[^\s\x00-\u2fff]", " ", text)
    return len(latin.split()) + math.ceil(cjk / 2)


def period_end(day: dt.date, precision: str) -> dt.date:
    """Last day of the period of the given precision that contains `day`."""
    if precision == Precision.DAY:
        return day
    if precision == Precision.YEAR:
        return dt.date(day.year, 12, 31)
    months = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.HALF: 6}[Precision(precision)]
    last_month = ((day.month - 1) // months + 1) * months
    next_first = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return next_first - dt.timedelta(days=1)


def _divide(left: float, right: float) -> float:
    if right == 0:
        raise ValueError("divides by zero")
    return left / right


OPERATORS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _divide,
}


def _evaluate(node: ast.AST, values: dict[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left, right = _evaluate(node.left, values), _evaluate(node.right, values)
        return OPERATORS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ValueError(f"refers to unknown observation '{node.id}'")
        return values[node.id]
    raise ValueError("may only use observation ids, numbers, + - * / and parentheses")


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate arithmetic over observation ids (+ - * / and numbers only). Raises ValueError."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as err:
        raise ValueError(f"cannot parse ({err.msg})") from None
    return _evaluate(tree, values)


def formula_inputs(formula: str) -> list[str]:
    """The observation ids a formula uses, in the order they appear."""
    names = [n for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(n.id for n in sorted(names, key=lambda n: n.col_offset)))


def _computed(curated: Curated) -> Iterator[tuple[int, Row, float]]:
    """(index, row, its formula's result) for every derived figure whose formula can be evaluated."""
    values = {r["obs_id"]: r["value"] for r in curated.tables["observations"].rows}
    for i, row in curated.rows("observations"):
        if row["kind"] == ObservationKind.DERIVED and row["formula"]:
            try:
                yield i, row, evaluate_formula(row["formula"], values)
            except ValueError:
                continue


# Rules, in the order they run --------------------------------------------------------------------


@rule("unique_keys", "Every row of a table has its own key.")
def unique_keys(curated: Curated) -> Iterator[Problem]:
    for name, ct in curated.tables.items():
        seen: dict[tuple, int] = {}
        for i, row in enumerate(ct.rows):
            key = tuple(row[k] for k in ct.table.key)
            if key in seen:
                yield curated.problem(
                    name,
                    i,
                    ",".join(ct.table.key),
                    f"duplicate id {'/'.join(map(str, key))} (first on line {seen[key]})",
                    "give every row its own id",
                )
            else:
                seen[key] = ct.lines[i]


@rule("references_exist", "A column that refers to another table names a row that exists there.")
def references_exist(curated: Curated) -> Iterator[Problem]:
    for name, ct in curated.tables.items():
        for col in ct.table.columns:
            target_table, _, target_col = (col.references or "").partition(".")
            if target_table not in curated.tables:
                continue
            targets = {r[target_col] for r in curated.tables[target_table].rows}
            for i, row in enumerate(ct.rows):
                value = row[col.name]
                if value is not None and value not in targets:
                    yield curated.problem(
                        name,
                        i,
                        col.name,
                        f"'{value}' is not in {target_table}.csv",
                        f"use an existing {target_col} or add that row to {target_table}.csv",
                    )


@rule("one_release", "release.csv has exactly one row: the current version.", needs=("release",))
def one_release(curated: Curated) -> Iterator[Problem]:
    count = len(curated.tables["release"].rows)
    if count != 1:
        yield Problem(
            curated.file("release"), None, None, f"has {count} rows", "keep exactly one row: the current version"
        )


def version_key(version: str) -> tuple[int, ...]:
    """'1.10.0' -> (1, 10, 0), for comparing versions; () for text that is no version."""
    parts = str(version or "").split(".")
    return tuple(int(p) for p in parts) if len(parts) == 3 and all(p.isdigit() for p in parts) else ()


@rule(
    "release_is_listed",
    "The current version (release.csv) is a row of releases.csv, with the same date, and the newest one there.",
    needs=("release", "releases"),
)
def release_is_listed(curated: Curated) -> Iterator[Problem]:
    if len(curated.tables["release"].rows) != 1:
        return  # one_release says so
    for _, current in curated.rows("release"):
        listed = curated.by_id("releases").get(current["version"])
        if listed is None or listed["released"] != current["released"]:
            yield Problem(
                curated.file("releases"),
                None,
                None,
                f"has no row {current['version']},{current['released']} (the version release.csv names)",
                "add the current version with its date: a new version gets its row in releases.csv too",
            )
        newest = max((r["version"] for _, r in curated.rows("releases")), key=version_key, default="")
        if version_key(newest) > version_key(current["version"]):
            yield Problem(
                curated.file("releases"),
                None,
                None,
                f"lists {newest}, newer than the current version {current['version']}",
                "list only versions up to the current one",
            )
    for i, row in curated.rows("releases"):
        if not version_key(row["version"]):
            yield curated.problem(
                "releases", i, "version", f"'{row['version']}' is not MAJOR.MINOR.PATCH", "e.g. 1.4.0"
            )


@rule("action_under_priority", "A specialized action hangs under a priority.", needs=("priority_areas",))
def action_under_priority(curated: Curated) -> Iterator[Problem]:
    areas = curated.by_id("priority_areas")
    for i, row in curated.rows("priority_areas"):
        parent = areas.get(row["parent_id"]) if row["parent_id"] else None
        if row["kind"] == AreaKind.ACTION and (parent is None or parent["kind"] != AreaKind.PRIORITY):
            yield curated.problem(
                "priority_areas",
                i,
                "parent_id",
                "a specialized action must hang under a priority",
                "set parent_id to the priority's area_id",
            )


@rule("only_actions_have_parents", "A priority or a cross-cutting theme has no parent.", needs=("priority_areas",))
def only_actions_have_parents(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("priority_areas"):
        if row["kind"] != AreaKind.ACTION and row["parent_id"]:
            yield curated.problem(
                "priority_areas", i, "parent_id", f"a {row['kind']} has no parent", "leave parent_id empty"
            )


@rule(
    "reported_dated_by_source",
    "A reported figure's `published` is its source's publication date.",
    needs=("observations", "sources"),
)
def reported_dated_by_source(curated: Curated) -> Iterator[Problem]:
    sources = curated.by_id("sources")
    for i, row in curated.rows("observations"):
        source = sources.get(row["source_id"])
        if source and row["kind"] == ObservationKind.REPORTED and row["published"] != source["published"]:
            yield curated.problem(
                "observations",
                i,
                "published",
                f"{row['published']} differs from the source's date {source['published']}",
                "use the publication date of the source in sources.csv",
            )


@rule(
    "actual_not_after_source",
    "An actual figure describes no date after the period its source was published in.",
    needs=("observations", "sources"),
)
def actual_not_after_source(curated: Curated) -> Iterator[Problem]:
    sources = curated.by_id("sources")
    for i, row in curated.rows("observations"):
        source = sources.get(row["source_id"])
        if (
            source
            and row["status"] == Status.ACTUAL
            and row["as_of"] > period_end(source["published"], source["published_precision"])
        ):
            yield curated.problem(
                "observations",
                i,
                "as_of",
                "an actual figure is dated after its source was published",
                "use the date the figure describes, or set status to target, forecast or estimate",
            )


@rule("unit_is_the_metric_unit", "A figure is in its metric's one unit.", needs=("observations", "metrics"))
def unit_is_the_metric_unit(curated: Curated) -> Iterator[Problem]:
    metrics = curated.by_id("metrics")
    for i, row in curated.rows("observations"):
        metric = metrics.get(row["metric_id"])
        if metric and row["unit"] != metric["unit"]:
            yield curated.problem(
                "observations",
                i,
                "unit",
                f"'{row['unit']}' differs from the metric's unit '{metric['unit']}'",
                f"convert the value to {metric['unit']} (one unit per metric) and keep the source's words in evidence",
            )


@rule(
    "period_starts_before_as_of",
    "A period's start is no later than `as_of`, the end of the period.",
    needs=("observations",),
)
def period_starts_before_as_of(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("observations"):
        if row["period_start"] and row["period_start"] > row["as_of"]:
            yield curated.problem("observations", i, "period_start", "is after as_of", "as_of is the end of the period")


@rule("reported_has_evidence", "A reported figure quotes the source's words that state it.", needs=("observations",))
def reported_has_evidence(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("observations"):
        if row["kind"] == ObservationKind.REPORTED and not row["evidence"]:
            yield curated.problem(
                "observations",
                i,
                "evidence",
                "a reported figure has no evidence",
                "quote the source's words that state the figure",
            )


@rule("reported_has_no_formula", "A reported figure has no formula.", needs=("observations",))
def reported_has_no_formula(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("observations"):
        if row["kind"] == ObservationKind.REPORTED and row["formula"]:
            yield curated.problem(
                "observations", i, "formula", "a reported figure has a formula", "set kind to derived or clear formula"
            )


@rule("derived_has_formula", "A derived figure has a formula over observation ids.", needs=("observations",))
def derived_has_formula(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("observations"):
        if row["kind"] == ObservationKind.DERIVED and not row["formula"]:
            yield curated.problem(
                "observations",
                i,
                "formula",
                "a derived figure has no formula",
                "write the arithmetic over observation ids that gives the value",
            )


@rule(
    "formula_is_arithmetic",
    "A formula uses only observation ids that exist, numbers, + - * / and parentheses, and never divides by zero.",
    needs=("observations",),
)
def formula_is_arithmetic(curated: Curated) -> Iterator[Problem]:
    values = {r["obs_id"]: r["value"] for r in curated.tables["observations"].rows}
    for i, row in curated.rows("observations"):
        if row["kind"] == ObservationKind.DERIVED and row["formula"]:
            try:
                evaluate_formula(row["formula"], values)
            except ValueError as err:
                yield curated.problem(
                    "observations", i, "formula", f"'{short(row['formula'])}' {err}", "fix the formula"
                )


@rule("derived_value_is_formula_result", "A derived figure's value is its formula's result.", needs=("observations",))
def derived_value_is_formula_result(curated: Curated) -> Iterator[Problem]:
    for i, row, computed in _computed(curated):
        if not math.isclose(computed, row["value"], rel_tol=1e-9):
            yield curated.problem(
                "observations",
                i,
                "value",
                f"{row['value']!r} differs from its formula's result {computed!r}",
                f"set value to {computed!r}",
            )


@rule("formula_not_circular", "A derived figure's formula does not use the figure itself.", needs=("observations",))
def formula_not_circular(curated: Curated) -> Iterator[Problem]:
    for i, row, _ in _computed(curated):
        if row["obs_id"] in formula_inputs(row["formula"]):
            yield curated.problem("observations", i, "formula", "refers to itself", "use other observations")


@rule(
    "derived_dated_by_latest_input",
    "A derived figure is published on the date of the latest of its inputs.",
    needs=("observations",),
)
def derived_dated_by_latest_input(curated: Curated) -> Iterator[Problem]:
    published = {r["obs_id"]: r["published"] for r in curated.tables["observations"].rows}
    for i, row, _ in _computed(curated):
        latest = max((published[o] for o in formula_inputs(row["formula"]) if o in published), default=None)
        if latest and row["published"] != latest:
            yield curated.problem(
                "observations",
                i,
                "published",
                f"{row['published']} is not the date of its latest input ({latest})",
                "a derived figure is published when the last of its inputs was",
            )


@rule(
    "conflict_members_exist",
    "A conflict member names a row that exists in its member table.",
    needs=("conflict_members",),
)
def conflict_members_exist(curated: Curated) -> Iterator[Problem]:
    ids = {name: set(curated.by_id(name)) for name in curated.tables}
    for i, row in curated.rows("conflict_members"):
        table = row["member_table"]
        if table in ids and row["member_id"] not in ids[table]:
            yield curated.problem(
                "conflict_members",
                i,
                "member_id",
                f"'{row['member_id']}' is not in {table}.csv",
                "use an id that exists in that table",
            )


@rule(
    "probable_error_leaves_a_side_kept",
    "A conflict judges at most all but one of its members a probable error, and only observations: what it "
    "keeps is what the cards and titles headline.",
    needs=("conflict_members",),
)
def probable_error_leaves_a_side_kept(curated: Curated) -> Iterator[Problem]:
    kept: dict[str, bool] = {}
    for _, row in curated.rows("conflict_members"):
        kept[row["conflict_id"]] = kept.get(row["conflict_id"], False) or row["assessment"] != "probable_error"
    named: set[str] = set()
    for i, row in curated.rows("conflict_members"):
        if row["assessment"] != "probable_error":
            continue
        if row["member_table"] != "observations":
            yield curated.problem(
                "conflict_members",
                i,
                "assessment",
                f"only a figure can be judged a probable error, not a row of {row['member_table']}",
                "set assessment to kept",
            )
        elif not kept[row["conflict_id"]] and row["conflict_id"] not in named:
            named.add(row["conflict_id"])  # once per conflict
            yield curated.problem(
                "conflict_members",
                i,
                "assessment",
                f"every member of {row['conflict_id']} is judged a probable error",
                "keep the side the conflict's explanation trusts (assessment kept)",
            )


@rule("conflict_has_two_members", "A conflict has at least two members.", needs=("conflicts", "conflict_members"))
def conflict_has_two_members(curated: Curated) -> Iterator[Problem]:
    counts: dict[str, int] = {}
    for row in curated.tables["conflict_members"].rows:
        counts[row["conflict_id"]] = counts.get(row["conflict_id"], 0) + 1
    for i, row in curated.rows("conflicts"):
        if counts.get(row["conflict_id"], 0) < 2:
            yield curated.problem(
                "conflicts",
                i,
                "conflict_id",
                "a conflict needs at least two members",
                "add its rows to conflict_members.csv",
            )


@rule("event_ends_after_start", "An event ends no earlier than it starts.", needs=("events",))
def event_ends_after_start(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("events"):
        if row["start"] and row["end"] and row["end"] < row["start"]:
            yield curated.problem("events", i, "end", "ends before it starts", "check the dates")


@rule("latitude_in_range", "A place's latitude is between -90 and 90 degrees north.", needs=("places",))
def latitude_in_range(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("places"):
        if row["lat"] is not None and not -90 <= row["lat"] <= 90:
            yield curated.problem(
                "places", i, "lat", f"{row['lat']} is not a latitude", "use degrees north between -90 and 90"
            )


@rule("longitude_in_range", "A place's longitude is between -180 and 180 degrees east.", needs=("places",))
def longitude_in_range(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("places"):
        if row["lon"] is not None and not -180 <= row["lon"] <= 180:
            yield curated.problem(
                "places", i, "lon", f"{row['lon']} is not a longitude", "use degrees east between -180 and 180"
            )


@rule(
    "quotes_are_short",
    f"A quoted phrase (evidence, wording) has at most {MAX_EVIDENCE_WORDS} words; "
    "a Chinese character counts as half a word.",
)
def quotes_are_short(curated: Curated) -> Iterator[Problem]:
    for name, column in QUOTED:
        if name not in curated.tables:
            continue
        for i, row in curated.rows(name):
            text = row.get(column)
            if text and count_words(text) > MAX_EVIDENCE_WORDS:
                yield curated.problem(
                    name, i, column, f"quotes {count_words(text)} words", f"quote at most {MAX_EVIDENCE_WORDS} words"
                )


@rule(
    "as_of_is_period_end",
    "`as_of` is the last day of its period for its precision (31 December for a year, the month's last day "
    "for a month).",
    needs=("observations",),
)
def as_of_is_period_end(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("observations"):
        end = period_end(row["as_of"], row["as_of_precision"])
        if row["as_of"] != end:
            yield curated.problem(
                "observations",
                i,
                "as_of",
                f"{row['as_of'].isoformat()} is not the end of its {row['as_of_precision']}",
                f"write {end.isoformat()} (or a finer as_of_precision if the source dates it to the day)",
            )


_IP_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
_REPUBLISHED = ("republication",)


@rule(
    "publisher_names_who_said_it",
    "A source is named by who said it, then the host that carried it: a republication names both "
    "('X, via host'; 'X，经host转载'), and no name is an IP address.",
    needs=("sources",),
)
def publisher_names_who_said_it(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("sources"):
        for column in ("publisher", "publisher_zh"):
            if _IP_ADDRESS.search(row[column] or ""):
                yield curated.problem(
                    "sources",
                    i,
                    column,
                    "names an IP address",
                    "name the original publisher and 'an unnamed mirror site'",
                )
        if row["reliability"] in _REPUBLISHED:
            if ", via " not in (row["publisher"] or ""):
                yield curated.problem(
                    "sources",
                    i,
                    "publisher",
                    f"'{short(row['publisher'])}' does not name who said it and the host that carried it",
                    "write 'Original publisher, via host' (the original first)",
                )
            if "经" not in (row["publisher_zh"] or ""):
                yield curated.problem(
                    "sources",
                    i,
                    "publisher_zh",
                    f"'{short(row['publisher_zh'])}' does not name who said it and the host that carried it",
                    "write '原发布者，经某网站转载'",
                )


_CHINESE = (Language.ZH_HANS, Language.ZH_HANT, Language.MIXED)


@rule(
    "chinese_original_names_its_source",
    "A Chinese text marked original names the Chinese-language source it quotes (zh_source_id); our "
    "translation names none.",
    needs=("sources",),
)
def chinese_original_names_its_source(curated: Curated) -> Iterator[Problem]:
    sources = curated.by_id("sources")
    for name, column in CHINESE_QUOTED:
        if name not in curated.tables:
            continue
        for i, row in curated.rows(name):
            source_id = row["zh_source_id"]
            if row["zh_origin"] == ZhOrigin.TRANSLATION:
                if source_id:
                    yield curated.problem(
                        name,
                        i,
                        "zh_source_id",
                        f"our translation names the source {source_id}",
                        "clear zh_source_id, or set zh_origin to original if it quotes that source's words",
                    )
            elif not source_id:
                yield curated.problem(
                    name,
                    i,
                    "zh_source_id",
                    f"the Chinese original in {column} names no source",
                    "name the Chinese source it quotes, or set zh_origin to translation",
                )
            elif source_id in sources and sources[source_id]["language"] not in _CHINESE:
                yield curated.problem(
                    name,
                    i,
                    "zh_source_id",
                    f"{source_id} is not in Chinese, so {column} cannot quote it",
                    "name the Chinese source it quotes, or set zh_origin to translation",
                )


# Series sanity checks (dashboard/curation/series.py): each finding is fixed or reviewed ----------

SERIES_NEEDS = ("observations", "metrics", "units", "series_reviews")


def _series_findings(curated: Curated) -> dict[SeriesCheck, list[Finding]]:
    """Every series finding, computed once per check run (the five series rules read it)."""
    if "series_findings" not in curated.memo:
        units = {r["unit_id"]: r["kind"] for r in curated.tables["units"].rows}
        unit_kinds = {r["metric_id"]: units.get(r["unit"]) for r in curated.tables["metrics"].rows}
        curated.memo["series_findings"] = series_findings(curated.tables["observations"].rows, unit_kinds)
    return curated.memo["series_findings"]


def _reviewed(curated: Curated) -> set[tuple[str, str]]:
    return {(r["check"], r["obs_ids"]) for r in curated.tables["series_reviews"].rows}


def _unreviewed(curated: Curated, *, check: SeriesCheck) -> Iterator[Problem]:
    lines = {r["obs_id"]: i for i, r in curated.rows("observations")}
    reviewed = _reviewed(curated)
    for finding in _series_findings(curated)[check]:
        if finding.key in reviewed:
            continue
        yield curated.problem(
            "observations",
            lines[finding.obs_ids[-1]],
            None,
            finding.message,
            f"{finding.fix}; or, if it is right as it stands, add the row '{finding.key[0]},{finding.key[1]},<reason>' "
            "to series_reviews.csv",
        )


# (rule name, the check it runs, what it requires), in the order they run
SERIES_RULES = (
    (
        "series_stock_never_falls",
        SeriesCheck.STOCK_FALLS,
        "A stock (a count, volume or capacity at a date) never falls within one series.",
    ),
    (
        "series_value_not_repeated_later",
        SeriesCheck.SAME_VALUE_LATER_DATE,
        "One series has no value reported again at a later date by another source (a restatement dated by "
        "publication).",
    ),
    (
        "series_no_jump",
        SeriesCheck.JUMP,
        f"Reports less than a year apart change by at most x{JUMP_RATIO[UnitKind.COUNT]:g} for counts and money, "
        f"x{JUMP_RATIO[UnitKind.VOLUME]:g} for volumes and computing power, x{JUMP_RATIO[UnitKind.TOKENS]:g} for "
        f"tokens, {JUMP_POINTS:g} points for percentages.",
    ),
    (
        "actual_is_not_forecast",
        SeriesCheck.STATUS_WORDS,
        "An actual figure's evidence does not speak of a forecast, target or estimate (预计, 目标, expected...).",
    ),
)


def _series_rule(name: str, check: SeriesCheck) -> Callable[[Curated], Iterable[Problem]]:
    """The rule `name`: the findings of `check` that series_reviews.csv does not acknowledge."""

    def run(curated: Curated) -> Iterator[Problem]:
        return _unreviewed(curated, check=check)

    run.__name__ = run.__qualname__ = name
    return run


for _name, _check, _description in SERIES_RULES:
    rule(_name, _description, needs=SERIES_NEEDS)(_series_rule(_name, _check))


@rule(
    "series_reviews_current",
    "Every row of series_reviews.csv names a finding the series checks still make, with a reason.",
    needs=SERIES_NEEDS,
)
def series_reviews_current(curated: Curated) -> Iterator[Problem]:
    found = {f.key for found in _series_findings(curated).values() for f in found}
    for i, row in curated.rows("series_reviews"):
        if (row["check"], row["obs_ids"]) not in found:
            yield curated.problem(
                "series_reviews",
                i,
                "obs_ids",
                f"the check {row['check']} no longer finds {row['obs_ids']}",
                "remove the row (the data changed), or copy the ids exactly as the check prints them",
            )


# Targets (targets.csv): each target observation names the series that measures it, or says why none ----

MAX_CLAUSE_WORDS = 80
TARGET_NEEDS = ("observations", "targets")


def _normalised(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _target_rows(curated: Curated) -> Iterator[tuple[int, Row, Row]]:
    """(index, targets row, its observation) for every targets row whose observation exists."""
    observations = curated.by_id("observations")
    for i, row in curated.rows("targets"):
        observation = observations.get(row["obs_id"])
        if observation is not None:
            yield i, row, observation


@rule("target_is_a_target", "A row of targets.csv names an observation with status target.", needs=TARGET_NEEDS)
def target_is_a_target(curated: Curated) -> Iterator[Problem]:
    for i, row, observation in _target_rows(curated):
        if observation["status"] != Status.TARGET:
            yield curated.problem(
                "targets",
                i,
                "obs_id",
                f"{row['obs_id']} is a figure with status {observation['status']}, not a target",
                "name an observation with status target, or set its status to target",
            )


@rule(
    "every_target_has_its_row",
    "Every observation with status target has its row in targets.csv: its series (or why none), its document "
    "and its clause.",
    needs=TARGET_NEEDS,
)
def every_target_has_its_row(curated: Curated) -> Iterator[Problem]:
    listed = {r["obs_id"] for r in curated.tables["targets"].rows}
    for i, row in curated.rows("observations"):
        if row["status"] == Status.TARGET and row["obs_id"] not in listed:
            yield curated.problem(
                "observations",
                i,
                "status",
                f"the target {row['obs_id']} has no row in targets.csv",
                "add it to targets.csv with the series that measures it (or why none), its document and its "
                "clause, verbatim",
            )


@rule(
    "target_series_same_unit",
    "A target's series is measured in the target's unit.",
    needs=(*TARGET_NEEDS, "metrics"),
)
def target_series_same_unit(curated: Curated) -> Iterator[Problem]:
    metrics = curated.by_id("metrics")
    for i, row, observation in _target_rows(curated):
        series = metrics.get(row["series_metric_id"]) if row["series_metric_id"] else None
        if series is not None and series["unit"] != observation["unit"]:
            yield curated.problem(
                "targets",
                i,
                "series_metric_id",
                f"{row['series_metric_id']} is counted in {series['unit']}, the target in {observation['unit']}",
                "name a series in the target's unit, or leave series_metric_id empty and say why in series_note_en",
            )


@rule(
    "target_series_same_scope",
    "A target's series has the target's scope: its own metric (another metric counts another scope), about "
    "the same place.",
    needs=(*TARGET_NEEDS, "metrics"),
)
def target_series_same_scope(curated: Curated) -> Iterator[Problem]:
    metrics = curated.by_id("metrics")
    for i, row, observation in _target_rows(curated):
        series = metrics.get(row["series_metric_id"]) if row["series_metric_id"] else None
        if series is None or series["unit"] != observation["unit"]:
            continue  # no series, or one the unit rule already rejects
        if row["series_metric_id"] != observation["metric_id"]:
            yield curated.problem(
                "targets",
                i,
                "series_metric_id",
                f"{row['series_metric_id']} counts another scope than the target's metric {observation['metric_id']}",
                "file the target under the series' metric if both count the same thing; else leave "
                "series_metric_id empty and say why in series_note_en",
            )
        elif row["series_place_id"] != observation["place_id"]:
            target_place = observation["place_id"] or "the whole country"
            series_place = row["series_place_id"] or "the whole country"
            yield curated.problem(
                "targets",
                i,
                "series_place_id",
                f"the series is about {series_place}, the target about {target_place}",
                "name the series of the target's own place",
            )


@rule(
    "target_without_series_says_why",
    "A target with no series says why, in English and Chinese, and names no place for it.",
    needs=("targets",),
)
def target_without_series_says_why(curated: Curated) -> Iterator[Problem]:
    for i, row in curated.rows("targets"):
        if row["series_metric_id"]:
            continue
        if row["series_place_id"]:
            yield curated.problem(
                "targets", i, "series_place_id", "names a place but no series", "name the series, or clear the place"
            )
        for column in ("series_note_en", "series_note_zh"):
            if not row[column]:
                yield curated.problem(
                    "targets",
                    i,
                    column,
                    "a target with no series does not say why",
                    "say why no actual series has the target's scope",
                )


@rule(
    "target_clause_states_it",
    f"A target's clause contains its evidence phrase, word for word, in at most {MAX_CLAUSE_WORDS} words.",
    needs=TARGET_NEEDS,
)
def target_clause_states_it(curated: Curated) -> Iterator[Problem]:
    for i, row, observation in _target_rows(curated):
        clause = row["clause"] or ""
        if count_words(clause) > MAX_CLAUSE_WORDS:
            yield curated.problem(
                "targets",
                i,
                "clause",
                f"quotes {count_words(clause)} words",
                f"quote at most {MAX_CLAUSE_WORDS} words: the sentence that states the target",
            )
        elif observation["evidence"] and _normalised(observation["evidence"]) not in _normalised(clause):
            yield curated.problem(
                "targets",
                i,
                "clause",
                f"does not contain the evidence '{short(observation['evidence'], 60)}'",
                "quote the source's sentence that holds the evidence phrase, word for word",
            )
