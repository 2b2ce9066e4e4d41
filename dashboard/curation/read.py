"""Read and type the curated CSV files. Every complaint is a `Problem` naming the file, the row (the line
number in the CSV file), the column, what is wrong and what to do."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.schema import CURATION_TABLES, TABLE_ORDER, TABLES, Column, Table

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SRC = REPO / "datasets" / "curated"
DEFAULT_OUT = REPO / "datasets"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_COLUMNS = {
    "source_id",
    "area_id",
    "wording_id",
    "unit_id",
    "metric_id",
    "obs_id",
    "place_id",
    "event_id",
    "entity_id",
    "mention_id",
    "conflict_id",
    "note_id",
}


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


def display(path: Path) -> str:
    """A path as the user should read it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# One cell ----------------------------------------------------------------------------------------

Parsed = tuple[Any, str | None, str | None]  # (value, problem, fix)


def _parse_string(col: Column, text: str) -> Parsed:
    if "\n" in text or "\r" in text:
        return None, "contains a line break", "keep it on one line"
    if col.name in ID_COLUMNS and col.references is None and not ID_PATTERN.match(text):
        return (
            None,
            f"'{short(text)}' is not a valid id",
            "use lower-case letters, digits and _ only, starting with a letter",
        )
    return text, None, None


def _parse_float(col: Column, text: str) -> Parsed:
    try:
        value = float(text)
    except ValueError:
        return (
            None,
            f"'{short(text)}' is not a number",
            "write a plain number such as 890 or 3.5 (no units, commas or words)",
        )
    if not math.isfinite(value):
        return None, f"'{short(text)}' is not a finite number", "write a plain number"
    return value, None, None


def _parse_int(col: Column, text: str) -> Parsed:
    if not re.fullmatch(r"-?\d+", text):
        return None, f"'{short(text)}' is not a whole number", "write a whole number such as 3"
    return int(text), None, None


def _parse_date(col: Column, text: str) -> Parsed:
    if not DATE_PATTERN.match(text):
        return None, f"'{short(text)}' is not an ISO date", "write the date as YYYY-MM-DD"
    try:
        return dt.date.fromisoformat(text), None, None
    except ValueError:
        return None, f"'{text}' is not a real date", "check the day and month"


def _parse_bool(col: Column, text: str) -> Parsed:
    if text not in ("true", "false"):
        return None, f"'{short(text)}' is not true or false", "write true or false"
    return text == "true", None, None


PARSERS: dict[str, Callable[[Column, str], Parsed]] = {
    "string": _parse_string,
    "float64": _parse_float,
    "int64": _parse_int,
    "date": _parse_date,
    "bool": _parse_bool,
}


def parse_cell(col: Column, raw: str) -> Parsed:
    """Return (value, problem, fix) for one cell."""
    text = raw.strip()
    if text != raw:
        return None, "has leading or trailing spaces", "remove them"
    if text == "":
        if col.nullable:
            return None, None, None
        return None, "is empty", "fill it in (this column is required)"
    if col.choices is not None and text not in col.choices:
        return None, f"'{short(text)}' is not one of: {', '.join(col.choices)}", "use one of those values"
    return PARSERS[col.type](col, text)


# One file ----------------------------------------------------------------------------------------


def _read_text(table: Table, path: Path, name: str, problems: list[Problem]) -> str | None:
    if not path.exists():
        problems.append(
            Problem(name, None, None, "file is missing", f"restore it (columns: {', '.join(table.column_names)})")
        )
        return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem(name, None, None, f"is not valid UTF-8 (byte {err.start})", "save the file as UTF-8"))
        return None


def _read_header(table: Table, reader: Iterator[list[str]], name: str, problems: list[Problem]) -> list[str] | None:
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
    repeated = len(set(header)) != len(header)
    if missing or unknown or repeated:
        parts = [
            f"missing {', '.join(missing)}" if missing else "",
            f"unknown {', '.join(unknown)}" if unknown else "",
            "a column is repeated" if repeated else "",
        ]
        detail = "; ".join(part for part in parts if part)
        problems.append(
            Problem(
                name,
                1,
                None,
                f"header does not match the schema ({detail})",
                f"use exactly these columns: {','.join(table.column_names)}",
            )
        )
        return None
    return header


def _parse_row(
    table: Table, header: list[str], cells: list[str], name: str, line: int, problems: list[Problem]
) -> dict[str, Any] | None:
    """One data row typed, or None (with its problems appended) when a cell or the field count is wrong."""
    if len(cells) != len(header):
        problems.append(
            Problem(
                name,
                line,
                None,
                f"has {len(cells)} fields but the header has {len(header)}",
                "check for an unquoted comma or a missing field",
            )
        )
        return None
    row: dict[str, Any] = {}
    ok = True
    for head, raw in zip(header, cells, strict=False):
        value, problem, fix = parse_cell(table.column(head), raw)
        if problem:
            problems.append(Problem(name, line, head, problem, fix or ""))
            ok = False
        row[head] = value
    return row if ok else None


def read_table(table: Table, src: Path, problems: list[Problem]) -> CuratedTable | None:
    """Read and type one curated CSV file, appending what is wrong to `problems`."""
    path = src / table.csv_file
    name = display(path)
    text = _read_text(table, path, name, problems)
    if text is None:
        return None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    header = _read_header(table, reader, name, problems)
    if header is None:
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
        row = _parse_row(table, header, cells, name, line, problems)
        if row is not None:
            rows.append(row)
            lines.append(line)
    return CuratedTable(table, rows, lines)


def read_curated(src: Path, problems: list[Problem]) -> dict[str, CuratedTable]:
    """Read and type every curated table that can be read, appending what is wrong to `problems`. Raises
    CurationError when `src` is not a folder."""
    if not src.is_dir():
        raise CurationError(
            [Problem(display(src), None, None, "is not a folder", "pass the folder holding the curated CSV files")]
        )
    tables: dict[str, CuratedTable] = {}
    for table in (*(TABLES[name] for name in TABLE_ORDER), *CURATION_TABLES.values()):  # curation-only ones last
        ct = read_table(table, src, problems)
        if ct is not None:
            tables[table.name] = ct
    return tables
