"""Validate the curated text source and build the Parquet tables from it.

    python -m dashboard.curation check [--src DIR]
    python -m dashboard.curation build [--src DIR] [--out DIR]
    python -m dashboard.curation verify-evidence [--src DIR] [--seeds DIR] [--research CSV]
    python -m dashboard.curation docs [--readme FILE]
    python -m dashboard.curation publish --to URI [--out DIR]

`check` prints one line per problem, naming the file, the row (the line number in the CSV file), the column,
what is wrong and what to do, and exits 1 if there is any; it never prints a traceback. `build` runs the
check and then writes every table as Parquet: all files are first written beside their targets and only
then moved into place, so a failed build leaves the existing files as they were. The same input always
gives equal tables. `verify-evidence` checks that every evidence phrase stands word for word in its source
text (the seed articles and the research table, when they are available). `docs` rewrites the table
reference in datasets/README.md from the schema, so the data dictionary never drifts from the code.
`publish` copies the built tables and the map outline to another folder or to object storage (the
DATASETS_URI of replicas), after checking that every table there would load.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import math
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.schema import TABLE_ORDER, TABLES, Column, Table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO / "datasets" / "curated"
DEFAULT_OUT = REPO / "datasets"
MAX_EVIDENCE_WORDS = 25
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_COLUMNS = {"source_id", "area_id", "wording_id", "unit_id", "metric_id", "obs_id", "place_id", "event_id",
              "entity_id", "mention_id", "conflict_id", "note_id"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line number in the CSV file (the header is line 1)
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row is not None else "")
        col = f" column '{self.column}':" if self.column else ""
        return f"{where}:{col} {self.message}; {self.fix}"


class CurationError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the curated data")
        self.problems = problems


@dataclass
class CuratedTable:
    """One curated table after parsing: typed values per column, and the file line of every row."""

    table: Table
    rows: list[dict[str, Any]]
    lines: list[int]

    def column(self, name: str) -> list[Any]:
        return [r[name] for r in self.rows]


# Reading and typing ------------------------------------------------------------------------------


def count_words(text: str) -> int:
    """Words in an evidence phrase: Latin-script tokens, plus one word per two Chinese characters."""
    cjk = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalnum())
    latin = re.sub(r"[^\s\x00-\u2fff]", " ", text)
    return len(latin.split()) + math.ceil(cjk / 2)


def _parse_cell(col: Column, raw: str) -> tuple[Any, str | None, str | None]:
    """Return (value, problem, fix) for one cell."""
    text = raw.strip()
    if text != raw:
        return None, "has leading or trailing spaces", "remove them"
    if text == "":
        if col.nullable:
            return None, None, None
        return None, "is empty", "fill it in (this column is required)"
    if col.choices is not None and text not in col.choices:
        return None, f"'{_short(text)}' is not one of: {', '.join(col.choices)}", "use one of those values"
    if col.type == "string":
        if "\n" in text or "\r" in text:
            return None, "contains a line break", "keep it on one line"
        if col.name in ID_COLUMNS and col.references is None and not ID_PATTERN.match(text):
            return None, f"'{_short(text)}' is not a valid id", "use lower-case letters, digits and _ only, starting with a letter"
        return text, None, None
    if col.type == "float64":
        try:
            value = float(text)
        except ValueError:
            return None, f"'{_short(text)}' is not a number", "write a plain number such as 890 or 3.5 (no units, commas or words)"
        if not math.isfinite(value):
            return None, f"'{_short(text)}' is not a finite number", "write a plain number"
        return value, None, None
    if col.type == "int64":
        if not re.fullmatch(r"-?\d+", text):
            return None, f"'{_short(text)}' is not a whole number", "write a whole number such as 3"
        return int(text), None, None
    if col.type == "date":
        if not DATE_PATTERN.match(text):
            return None, f"'{_short(text)}' is not an ISO date", "write the date as YYYY-MM-DD"
        try:
            return dt.date.fromisoformat(text), None, None
        except ValueError:
            return None, f"'{text}' is not a real date", "check the day and month"
    if col.type == "bool":
        if text not in ("true", "false"):
            return None, f"'{_short(text)}' is not true or false", "write true or false"
        return text == "true", None, None
    raise AssertionError(col.type)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_table(table: Table, src: Path, problems: list[Problem]) -> CuratedTable | None:
    """Read and type one curated CSV file, appending what is wrong to `problems`."""
    path = src / table.csv_file
    name = _display(path)
    if not path.exists():
        problems.append(Problem(name, None, None, "file is missing", f"restore it (columns: {', '.join(table.column_names)})"))
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem(name, None, None, f"is not valid UTF-8 (byte {err.start})", "save the file as UTF-8"))
        return None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, None, None, "is empty", f"write the header row: {','.join(table.column_names)}"))
        return None
    except csv.Error as err:
        problems.append(Problem(name, 1, None, f"cannot be read as CSV ({err})", "fix the quoting"))
        return None
    missing = [c for c in table.column_names if c not in header]
    unknown = [h for h in header if h not in table.column_names]
    if missing or unknown or len(set(header)) != len(header):
        detail = "; ".join(
            filter(None, [missing and f"missing {', '.join(missing)}", unknown and f"unknown {', '.join(unknown)}",
                          len(set(header)) != len(header) and "a column is repeated"])
        )
        problems.append(Problem(name, 1, None, f"header does not match the schema ({detail})",
                                f"use exactly these columns: {','.join(table.column_names)}"))
        return None
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(name, line, None, f"cannot be read as CSV ({err})", "fix the quoting on this row"))
            return None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, line, None, f"has {len(cells)} fields but the header has {len(header)}",
                                    "check for an unquoted comma or a missing field"))
            continue
        row: dict[str, Any] = {}
        ok = True
        for head, raw in zip(header, cells, strict=False):
            value, problem, fix = _parse_cell(table.column(head), raw)
            if problem:
                problems.append(Problem(name, line, head, problem, fix or ""))
                ok = False
            row[head] = value
        if ok:
            rows.append(row)
            lines.append(line)
    return CuratedTable(table, rows, lines)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# Integrity checks --------------------------------------------------------------------------------


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate arithmetic over observation ids (+ - * / and numbers only). Raises ValueError."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as err:
        raise ValueError(f"cannot parse ({err.msg})") from None

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if right == 0:
                raise ValueError("divides by zero")
            return left / right
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(f"refers to unknown observation '{node.id}'")
            return values[node.id]
        raise ValueError("may only use observation ids, numbers, + - * / and parentheses")

    return ev(tree)


def formula_inputs(formula: str) -> list[str]:
    """The observation ids a formula uses, in the order they appear."""
    names = [n for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(n.id for n in sorted(names, key=lambda n: n.col_offset)))


def check_integrity(tables: dict[str, CuratedTable], src: Path) -> list[Problem]:
    problems: list[Problem] = []

    def problem(tname: str, index: int, column: str | None, message: str, fix: str) -> None:
        problems.append(Problem(_display(src / TABLES[tname].csv_file), tables[tname].lines[index], column, message, fix))

    keys: dict[str, set[Any]] = {}
    for name, ct in tables.items():
        seen: dict[tuple, int] = {}
        for i, row in enumerate(ct.rows):
            key = tuple(row[k] for k in ct.table.key)
            if key in seen:
                problem(name, i, ",".join(ct.table.key), f"duplicate id {'/'.join(map(str, key))} (first on line {seen[key]})",
                        "give every row its own id")
            else:
                seen[key] = ct.lines[i]
        keys[name] = {row[ct.table.key[0]] for row in ct.rows}

    # Foreign keys
    for name, ct in tables.items():
        for col in ct.table.columns:
            if not col.references:
                continue
            target_table, target_col = col.references.split(".")
            if target_table not in tables:
                continue
            targets = {r[target_col] for r in tables[target_table].rows}
            for i, row in enumerate(ct.rows):
                value = row[col.name]
                if value is not None and value not in targets:
                    problem(name, i, col.name, f"'{value}' is not in {target_table}.csv",
                            f"use an existing {target_col} or add that row to {target_table}.csv")

    if "release" in tables and len(tables["release"].rows) != 1:
        problems.append(Problem(_display(src / "release.csv"), None, None,
                                f"has {len(tables['release'].rows)} rows", "keep exactly one row: the current version"))

    if "priority_areas" in tables:
        areas = {r["area_id"]: r for r in tables["priority_areas"].rows}
        for i, row in enumerate(tables["priority_areas"].rows):
            parent = areas.get(row["parent_id"]) if row["parent_id"] else None
            if row["kind"] == "action" and (parent is None or parent["kind"] != "priority"):
                problem("priority_areas", i, "parent_id", "a specialized action must hang under a priority",
                        "set parent_id to the priority's area_id")
            if row["kind"] != "action" and row["parent_id"]:
                problem("priority_areas", i, "parent_id", f"a {row['kind']} has no parent", "leave parent_id empty")

    if "observations" in tables:
        _check_observations(tables, problem)

    if "conflict_members" in tables:
        counts: dict[str, int] = {}
        for i, row in enumerate(tables["conflict_members"].rows):
            counts[row["conflict_id"]] = counts.get(row["conflict_id"], 0) + 1
            target = tables.get(row["member_table"])
            if target is not None and row["member_id"] not in keys.get(row["member_table"], set()):
                problem("conflict_members", i, "member_id", f"'{row['member_id']}' is not in {row['member_table']}.csv",
                        "use an id that exists in that table")
        if "conflicts" in tables:
            for i, row in enumerate(tables["conflicts"].rows):
                if counts.get(row["conflict_id"], 0) < 2:
                    problem("conflicts", i, "conflict_id", "a conflict needs at least two members",
                            "add its rows to conflict_members.csv")

    if "events" in tables:
        for i, row in enumerate(tables["events"].rows):
            if row["start"] and row["end"] and row["end"] < row["start"]:
                problem("events", i, "end", "ends before it starts", "check the dates")

    if "places" in tables:
        for i, row in enumerate(tables["places"].rows):
            if row["lat"] is not None and not -90 <= row["lat"] <= 90:
                problem("places", i, "lat", f"{row['lat']} is not a latitude", "use degrees north between -90 and 90")
            if row["lon"] is not None and not -180 <= row["lon"] <= 180:
                problem("places", i, "lon", f"{row['lon']} is not a longitude", "use degrees east between -180 and 180")

    for name in ("observations", "area_wordings", "compliance_notes", "places", "mentions", "events"):
        if name not in tables:
            continue
        column = "wording" if name == "area_wordings" else "evidence"
        for i, row in enumerate(tables[name].rows):
            text = row.get(column)
            if text and count_words(text) > MAX_EVIDENCE_WORDS:
                problem(name, i, column, f"quotes {count_words(text)} words", f"quote at most {MAX_EVIDENCE_WORDS} words")
    return problems


def period_end(day: dt.date, precision: str) -> dt.date:
    """Last day of the period of the given precision that contains `day`."""
    if precision == "day":
        return day
    if precision == "year":
        return dt.date(day.year, 12, 31)
    months = {"month": 1, "quarter": 3, "half": 6}[precision]
    last_month = ((day.month - 1) // months + 1) * months
    next_first = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return next_first - dt.timedelta(days=1)


def _check_observations(tables: dict[str, CuratedTable], problem) -> None:
    obs = tables["observations"]
    metrics = {r["metric_id"]: r for r in tables["metrics"].rows} if "metrics" in tables else {}
    sources = {r["source_id"]: r for r in tables["sources"].rows} if "sources" in tables else {}
    values = {r["obs_id"]: r["value"] for r in obs.rows}
    published = {r["obs_id"]: r["published"] for r in obs.rows}
    for i, row in enumerate(obs.rows):
        source = sources.get(row["source_id"])
        if source and row["kind"] == "reported" and row["published"] != source["published"]:
            problem("observations", i, "published", f"{row['published']} differs from the source's date {source['published']}",
                    "use the publication date of the source in sources.csv")
        if source and row["status"] == "actual" and row["as_of"] > period_end(source["published"], source["published_precision"]):
            problem("observations", i, "as_of", "an actual figure is dated after its source was published",
                    "use the date the figure describes, or set status to target, forecast or estimate")
        metric = metrics.get(row["metric_id"])
        if metric and row["unit"] != metric["unit"]:
            problem("observations", i, "unit", f"'{row['unit']}' differs from the metric's unit '{metric['unit']}'",
                    f"convert the value to {metric['unit']} (one unit per metric) and keep the source's words in evidence")
        if row["period_start"] and row["period_start"] > row["as_of"]:
            problem("observations", i, "period_start", "is after as_of", "as_of is the end of the period")
        if row["kind"] == "reported":
            if not row["evidence"]:
                problem("observations", i, "evidence", "a reported figure has no evidence",
                        "quote the source's words that state the figure")
            if row["formula"]:
                problem("observations", i, "formula", "a reported figure has a formula", "set kind to derived or clear formula")
        else:
            if not row["formula"]:
                problem("observations", i, "formula", "a derived figure has no formula",
                        "write the arithmetic over observation ids that gives the value")
                continue
            try:
                computed = evaluate_formula(row["formula"], values)
            except ValueError as err:
                problem("observations", i, "formula", f"'{_short(row['formula'])}' {err}", "fix the formula")
                continue
            if not math.isclose(computed, row["value"], rel_tol=1e-9):
                problem("observations", i, "value", f"{row['value']!r} differs from its formula's result {computed!r}",
                        f"set value to {computed!r}")
            inputs = formula_inputs(row["formula"])
            if row["obs_id"] in inputs:
                problem("observations", i, "formula", "refers to itself", "use other observations")
            latest = max((published[o] for o in inputs if o in published), default=None)
            if latest and row["published"] != latest:
                problem("observations", i, "published", f"{row['published']} is not the date of its latest input ({latest})",
                        "a derived figure is published when the last of its inputs was")


# Check, build, verify ----------------------------------------------------------------------------


def load_curated(src: Path) -> dict[str, CuratedTable]:
    """Read, type and check every curated table. Raises CurationError listing every problem."""
    problems: list[Problem] = []
    tables: dict[str, CuratedTable] = {}
    if not src.is_dir():
        raise CurationError([Problem(_display(src), None, None, "is not a folder", "pass the folder holding the curated CSV files")])
    for name in TABLE_ORDER:
        ct = read_table(TABLES[name], src, problems)
        if ct is not None:
            tables[name] = ct
    problems.extend(check_integrity(tables, src))
    if problems:
        raise CurationError(problems)
    return tables


def to_arrow(ct: CuratedTable) -> pa.Table:
    schema = ct.table.arrow_schema
    arrays = [pa.array(ct.column(f.name), type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def build(src: Path, out: Path) -> dict[str, pa.Table]:
    """Check, then write every table to `out` as Parquet; nothing is replaced unless all are written. The
    version marker (`manifest.json`: the release version, each file's sha256 and size) is written last, so
    a running server never picks up a half-written version (see dashboard/data.py)."""
    from dashboard.data import MARKER, file_entry, marker_text

    tables = {name: to_arrow(ct) for name, ct in load_curated(src).items()}
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        files = {}
        for name, table in tables.items():
            write_parquet(table, staging / TABLES[name].parquet_file)
            files[TABLES[name].parquet_file] = file_entry((staging / TABLES[name].parquet_file).read_bytes())
        for geo in sorted((out / "geo").glob("*.geojson")):  # the map outlines kept beside the tables
            files[f"geo/{geo.name}"] = file_entry(geo.read_bytes())
        (staging / MARKER).write_text(marker_text(_release_version(tables), files), encoding="utf-8")
        for name in tables:
            os.replace(staging / TABLES[name].parquet_file, out / TABLES[name].parquet_file)
        os.replace(staging / MARKER, out / MARKER)  # last: the new version is complete
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return tables


def _release_version(tables: dict[str, pa.Table]) -> str:
    release = tables.get("release")
    return str(release.column("version")[0].as_py()) if release is not None and release.num_rows else ""


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", write_statistics=False, store_schema=True)


EXCERPTS_FILE = DEFAULT_OUT / "raw" / "excerpts.csv"


def read_excerpts(path: Path | None) -> dict[str, str]:
    """source_id -> the stored excerpts of that source's page (datasets/raw/excerpts.csv), joined."""
    texts: dict[str, str] = {}
    if path and path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts[row["source_id"]] = texts.get(row["source_id"], "") + "\n" + row["excerpt"]
    return texts


def verify_evidence(src: Path, seeds: Path | None, research: Path | None,
                    excerpts: Path | None = EXCERPTS_FILE) -> tuple[int, list[Problem]]:
    """Check that each evidence phrase appears verbatim in its source's text, where that text is at hand:
    the seed articles, the research table (by URL) and the stored excerpts of each page (by source)."""
    tables = load_curated(src)
    excerpt_text = read_excerpts(excerpts)
    sources = {r["source_id"]: r for r in tables["sources"].rows}
    texts: dict[str, str] = {}
    if seeds and seeds.is_dir():
        for path in seeds.glob("*.txt"):
            texts[path.name.split("_")[0]] = path.read_text(encoding="utf-8")
    research_text: dict[str, str] = {}
    if research and research.exists():
        with research.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                research_text[row["url"]] = research_text.get(row["url"], "") + "\n" + row["evidence"]
    problems: list[Problem] = []
    checked = 0
    for name in ("observations", "places", "mentions", "events", "compliance_notes", "area_wordings"):
        column = "wording" if name == "area_wordings" else "evidence"
        ct = tables[name]
        for row, line in zip(ct.rows, ct.lines, strict=False):
            phrase = row.get(column)
            source = sources[row["source_id"]]
            if not phrase:
                continue
            seed = re.fullmatch(r"seed_(\d{3})", source["source_id"])
            if seed:
                haystack = texts.get(seed.group(1))
            else:
                found = [research_text.get(source["url"] or ""), excerpt_text.get(source["source_id"])]
                haystack = "\n".join(f for f in found if f) or None
                if haystack is None and research is not None:  # a full check: every source's text must be at hand
                    problems.append(Problem(_display(src / ct.table.csv_file), line, column,
                                            f"no stored text of {source['source_id']} to check the evidence against",
                                            "add the page's excerpt around the phrase to datasets/raw/excerpts.csv"))
                    continue
            if haystack is None:
                continue
            checked += 1
            if _normalise(phrase) not in _normalise(haystack):
                problems.append(Problem(_display(src / ct.table.csv_file), line, column,
                                        f"'{_short(phrase, 60)}' is not word for word in {source['source_id']}",
                                        "copy the phrase exactly as the source prints it"))
    return checked, problems


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


DOCS_START = "<!-- tables:start (generated by `python -m dashboard.curation docs`; do not edit by hand) -->"
DOCS_END = "<!-- tables:end -->"


def table_reference() -> str:
    """The data dictionary's table reference, in Markdown, generated from the schema."""
    out = []
    for table in TABLES.values():
        out.append(f"### `{table.name}`\n\n{table.description} Key: `{', '.join(table.key)}`. "
                   f"Source: `curated/{table.csv_file}`; built: `{table.parquet_file}`.\n")
        out.append("| column | type | required | meaning |")
        out.append("|---|---|---|---|")
        for c in table.columns:
            meaning = c.description
            if c.choices:
                meaning += " One of: " + ", ".join(f"`{v}`" for v in c.choices) + "."
            if c.references:
                meaning += f" Refers to `{c.references}`."
            meaning = meaning.replace("|", "\\|")
            out.append(f"| `{c.name}` | {c.type} | {'no' if c.nullable else 'yes'} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_readme(text: str) -> str:
    """Return `text` with the generated table reference between the markers."""
    start, end = text.index(DOCS_START), text.index(DOCS_END)
    return text[: start + len(DOCS_START)] + "\n\n" + table_reference() + "\n" + text[end:]


def publish(out: Path, target: str) -> list[str]:
    """Copy the built Parquet files and geo/ to `target` (a folder or e.g. s3://bucket/prefix?...), then,
    last, the version marker. Replicas reading `target` swap to the new version only once the marker
    names it, and only if every file matches it, so a publish stopped midway is never served."""
    import pyarrow.fs as pafs

    from dashboard.data import MARKER, file_entry, marker_text, read_table

    for name in TABLES:  # refuse to publish files the app could not load
        read_table(name, str(out))
    source_fs = pafs.LocalFileSystem()
    if "://" in target:
        target_fs, base = pafs.FileSystem.from_uri(target)
        local = False
    else:
        target_fs, base = source_fs, str(Path(target).resolve())
        local = True
    base = base.rstrip("/")
    target_fs.create_dir(base, recursive=True)
    written = []
    tables = {}
    for name in TABLES:  # the bytes checked are the bytes sent
        raw = (out / TABLES[name].parquet_file).read_bytes()
        tables[TABLES[name].parquet_file] = raw
    version = str(read_table("release", str(out))["version"].iloc[0])
    for relative in sorted((out / "geo").glob("*.geojson")):
        target_fs.create_dir(f"{base}/geo", recursive=True)
        pafs.copy_files(str(relative), f"{base}/geo/{relative.name}", source_filesystem=source_fs,
                        destination_filesystem=target_fs)
    for relative, raw in tables.items():
        _put(target_fs, f"{base}/{relative}", raw, local)
        written.append(relative)
    written += [f"geo/{p.name}" for p in sorted((out / "geo").glob("*.geojson"))]
    entries = {relative: file_entry(raw) for relative, raw in tables.items()}
    entries.update({f"geo/{p.name}": file_entry(p.read_bytes()) for p in sorted((out / "geo").glob("*.geojson"))})
    marker = marker_text(version, entries)
    _put(target_fs, f"{base}/{MARKER}", marker.encode("utf-8"), local)  # last
    written.append(MARKER)
    return written


def _put(fs, path: str, raw: bytes, local: bool) -> None:
    """Write one object: on object storage a single PUT (readers see the old or the new one); in a folder
    a temporary file renamed over the old one."""
    temp = f"{path}.part-{os.getpid()}" if local else path
    with fs.open_output_stream(temp) as stream:
        stream.write(raw)
    if local:
        fs.move(temp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.curation", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    pub = sub.add_parser("publish")
    pub.add_argument("--to", required=True, help="target folder or URI (s3://bucket/prefix?endpoint_override=...)")
    pub.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of the built Parquet files")
    docs = sub.add_parser("docs")
    docs.add_argument("--readme", type=Path, default=DEFAULT_OUT / "README.md")
    for name in ("check", "build", "verify-evidence"):
        p = sub.add_parser(name)
        p.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of curated CSV files")
        if name == "build":
            p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the Parquet files")
        if name == "verify-evidence":
            p.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
            p.add_argument("--research", type=Path, default=DEFAULT_OUT / "raw" / "research_extra_figures.csv")
            p.add_argument("--excerpts", type=Path, default=EXCERPTS_FILE,
                           help="stored excerpts of the source pages (source_id, url, excerpt)")
    args = parser.parse_args(argv)
    try:
        if args.command == "publish":
            written = publish(args.out, args.to)
            print(f"published {len(written)} files to {args.to.split('?')[0]}")
        elif args.command == "docs":
            args.readme.write_text(render_readme(args.readme.read_text(encoding="utf-8")), encoding="utf-8")
            print(f"wrote the table reference into {_display(args.readme)}")
        elif args.command == "check":
            tables = load_curated(args.src)
            print(f"ok: {sum(len(t.rows) for t in tables.values())} rows in {len(tables)} tables")
        elif args.command == "build":
            built = build(args.src, args.out)
            print(f"built {len(built)} tables into {_display(args.out)}: "
                  + ", ".join(f"{n} ({t.num_rows})" for n, t in built.items()))
        else:
            checked, problems = verify_evidence(args.src, args.seeds, args.research, args.excerpts)
            for p in problems:
                print(p)
            if problems:
                return 1
            if not checked:
                print("no source texts found: pass --seeds and --research", file=sys.stderr)
                return 1
            print(f"ok: {checked} evidence phrases found word for word in the source texts at hand")
    except CurationError as err:
        for p in err.problems:
            print(p)
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{err.filename or ''}: {err.strerror or err}; check the path and permissions", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - one line for the user, never a traceback
        from dashboard.data import DataFileError

        if isinstance(err, DataFileError):
            print(str(err), file=sys.stderr)
        else:
            print(f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
