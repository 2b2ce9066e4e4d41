"""Turning rows of observations into files a researcher can take away: CSV that opens correctly in
Excel (UTF-8 with BOM, ISO dates, numbers as numbers, formula injection neutralised), Parquet, an Excel
workbook with typed cells, and a zip bundle with metadata, a Frictionless descriptor and a README. Pure
functions: rows in, bytes out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

import openpyxl
import openpyxl.packaging.extended  # noqa: F401 - Workbook.save imports it on first use; here, at start-up (issue 10)
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.formatting import iso_date
from dashboard.schema import OBSERVATION_DOWNLOAD, ObservationKind, Precision, Table

# (column in the file, column of the observation view it takes, description): the declared download
# (`schema.OBSERVATION_DOWNLOAD`), so that every file names, orders and describes its columns alike.
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = tuple(
    (c.name, c.origin or c.name, c.description) for c in OBSERVATION_DOWNLOAD.columns
)
DATE_COLUMNS = tuple(c.name for c in OBSERVATION_DOWNLOAD.columns if c.type == "date")
NUMBER_COLUMNS = tuple(c.name for c in OBSERVATION_DOWNLOAD.columns if c.type == "float64")
ID_SEPARATOR = ";"  # between the ids of a tuple column (conflicts) in a file

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """OWASP CSV-injection advice: a text cell that a spreadsheet could read as a formula is prefixed with
    a single quote, and an embedded quote or separator is then handled by normal CSV quoting."""
    if cell and cell.startswith(_DANGEROUS_START):
        return "'" + cell
    return cell


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the download's columns, in order: dates as ISO text, a missing value None (never
    empty text or NaN), `value` a float. Every column holds Python objects (str, float or None)."""
    columns = {}
    derived = (rows["kind"] == ObservationKind.DERIVED).to_numpy()
    for name, source, _ in EXPORT_COLUMNS:
        values = rows[source].to_numpy()
        cells: list[str | float | None]
        if name == "conflicts":
            cells = [ID_SEPARATOR.join(ids) if isinstance(ids, tuple | list) and ids else None for ids in values]
        elif name in DATE_COLUMNS:
            cells = [iso_date(v) or None for v in values]
        elif name in NUMBER_COLUMNS:
            cells = [None if _missing(v) else float(v) for v in values]
        else:
            cells = [None if _missing(v) or v == "" else str(v) for v in values]
        if name == "source_id":  # a derived figure is ours, not a publisher's (see publisher)
            cells = ["derived" if d else c for c, d in zip(cells, derived, strict=True)]
        columns[name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=[name for name, _, _ in EXPORT_COLUMNS])


def records(rows: pd.DataFrame) -> list[dict]:
    """The rows as records with the CSV's columns (dates ISO text, a missing value None)."""
    frame = export_frame(rows)
    return [dict(zip(frame.columns, record, strict=True)) for record in frame.itertuples(index=False)]


def json_bytes(rows: pd.DataFrame) -> bytes:
    """A JSON array of records with the CSV's columns (dates ISO text, a missing value null)."""
    return json.dumps(records(rows), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _number(value: float) -> str:
    """A float as Python writes it back exactly ('100000.0', '1536.9'): read as a float, whatever the rows."""
    return repr(float(value))


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, every provenance column, numbers as floats ('100000.0'), dates ISO,
    a missing value an empty cell."""
    frame = export_frame(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        cells = []
        for name, value in zip(frame.columns, record, strict=True):
            if _missing(value):
                cells.append("")
            elif name in NUMBER_COLUMNS:
                cells.append(_number(value))
            else:
                cells.append(neutralise(str(value)))
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def plain_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Any other table (events, places) with dates as ISO text, for showing and downloading."""
    out = rows.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [iso_date(v) for v in out[column]]
    return out.reset_index(drop=True)


def plain_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM; text cells neutralised against formula injection, numbers left as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        writer.writerow(
            [
                ""
                if (v is None or (isinstance(v, float) and pd.isna(v)))
                else v
                if isinstance(v, (int, float))
                else neutralise(str(v))
                for v in record
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


ARROW_SCHEMA = OBSERVATION_DOWNLOAD.arrow_schema  # every Parquet file's schema, whatever its rows


def arrow_table(rows: pd.DataFrame) -> pa.Table:
    """The rows as an Arrow table of the declared schema (dates as dates), the same for any rows, none too."""
    frame = export_frame(rows)
    arrays = []
    for field in ARROW_SCHEMA:
        values = frame[field.name].tolist()
        if pa.types.is_date32(field.type):
            values = [None if v is None else dt.date.fromisoformat(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=ARROW_SCHEMA)


def parquet_bytes(rows: pd.DataFrame) -> bytes:
    """The same columns as the CSV, as Parquet of the declared schema (`ARROW_SCHEMA`: dates as dates,
    value a float, a description on every column)."""
    sink = io.BytesIO()
    pq.write_table(arrow_table(rows), sink, compression="zstd")
    return sink.getvalue()


def source_citation(source: pd.Series | dict) -> str:
    """'Publisher (date). Title. URL' for one source."""
    when = iso_date(source["published"])
    precision = source.get("published_precision", "day")
    when = (
        when[:4]
        if precision == Precision.YEAR
        else when[:7]
        if precision in (Precision.MONTH, Precision.QUARTER, Precision.HALF)
        else when
    )
    url = source.get("url")
    tail = f" {url}" if isinstance(url, str) and url else " (seed document, no web address)"
    return f"{source['publisher']} ({when}). {source['title']}.{tail}"


def view_citation(release: pd.Series | dict, url: str, filters_text: str, accessed: str, data_url: str = "") -> str:
    """How to cite a view of the dashboard: `url` its one canonical address (explorer.view_url, no language),
    `data_url` its rows in this dataset version (under /data/v/<version>/, served as long as it is kept)."""
    year = iso_date(release["released"])[:4]
    scope = f" Filtered view: {filters_text}." if filters_text else ""
    data = f" Data: {data_url}." if data_url else ""
    return (
        f"China Data Market Monitor ({year}). {release['title']}, version {release['version']}.{scope} "
        f"{url} (accessed {accessed}).{data} Licence: {release['licence']}."
    )


def about_rows(
    release: pd.Series | dict, filters: dict, url: str, accessed: str, citation: str, data_url: str = ""
) -> list[tuple[str, str]]:
    """What the about sheet of a workbook says: the filters applied, the dataset version, the licence and
    how to cite it."""
    applied = "; ".join(f"{k}={v}" for k, v in filters.items()) or "none (every figure)"
    return [
        ("title", str(release["title"])),
        ("filters applied", applied),
        ("view", url),
        ("dataset version", str(release["version"])),
        *([("data of this version", data_url)] if data_url else []),
        ("dataset released", iso_date(release["released"])),
        ("accessed", accessed),
        ("licence", f"{release['licence']} ({release['licence_url']})"),
        ("licence note", str(release.get("note") or "")),
        ("许可说明", str(release.get("note_zh") or "")),
        ("citation", citation),
        (
            "how to read a value",
            "Read value with qualifier: more_than and at_least are lower bounds, less_than and "
            "at_most upper bounds; the source's own words are in evidence.",
        ),
    ]


def metadata(
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    release: pd.Series | dict,
    filters: dict,
    url: str,
    downloaded_at: str,
    data_url: str = "",
) -> dict:
    """What a downloaded file is: when, which filters, which data version, every source, every column."""
    cited = sources[sources.source_id.isin(set(rows.source_id))].sort_values("published")
    return {
        "title": release["title"],
        "dataset_version": release["version"],
        "dataset_released": iso_date(release["released"]),
        "licence": release["licence"],
        "licence_url": release["licence_url"],
        "licence_note": release.get("note") or "",
        "licence_note_zh": release.get("note_zh") or "",
        "downloaded_at": downloaded_at,
        "view_url": url,
        **({"version_url": data_url} if data_url else {}),  # these rows in this version, under /data/v/<version>/
        "filters": filters,
        "row_count": int(len(rows)),
        "sources": [
            {
                "source_id": s["source_id"],
                "title": s["title"],
                "publisher": s["publisher"],
                "published": iso_date(s["published"]),
                "url": s["url"] if isinstance(s["url"], str) else None,
                "grade": s["grade"],
                "citation": source_citation(s),
            }
            for _, s in cited.iterrows()
        ],
        "columns": [{"name": name, "description": description} for name, _, description in EXPORT_COLUMNS],
    }


# What each file of the zip is (its README lists the files the zip holds, in this order).
BUNDLE_FILES: dict[str, str] = {
    "observations.csv": "the rows you filtered, UTF-8 with BOM, one row per reported figure",
    "metadata.json": "when and how this was downloaded, the filters, the data version, every source cited and "
    "a description of every column",
    "datapackage.json": "a Frictionless Data Package describing the CSV files (types, keys, foreign keys)",
    "metrics.csv": "every metric: names, unit, definition, and the area it belongs to (area_id)",
    "sources.csv": "every source: publisher, date, URL, grade",
    "places.csv": "every place a figure can be about (place_id): names, province, coordinates, role",
    "priority_areas.csv": "the priorities and specialized actions (area_id); parent_id is an action's priority",
    "targets.csv": "every policy target: value, qualifier, deadline, document, clause, the series that measures it "
    "and where it stands (progress, growth needed and achieved, status)",
    "README.txt": "this file",
}

BUNDLE_README = """China Data Market Monitor: downloaded figures
=============================================

Files
{files}

How to read a row
  value is the number exactly as the source states it, in `unit`. Always read it with `qualifier`:
  more_than and at_least are lower bounds ("more than 100,000" is stored as 100000 with more_than and
  must not be quoted as 100,000); less_than and at_most are upper bounds; nearly is just under the value (近); about is approximate;
  indicative marks a figure derived from bounds that is itself no bound (read it as an order of magnitude).
  as_of is the date the figure describes (the end of its period); published is when the source said it.
  place_id names the province or city a figure is about; it is empty for a figure about the whole country.
  added_in is the dataset version that first held the figure.
  kind = derived marks figures we computed ourselves; formula shows how.
  source_grade = low marks figures from low-reliability sources (aggregators, blogs); treat with care.
  conflicts lists recorded disagreements between sources; see the dashboard's Sources and methods page.

How to cite
  {citation}
  Cite the original source of a figure too: each row names its publisher, date and URL, and
  metadata.json gives a citation for every source.

Licence
  {licence} ({licence_url}) for the compilation. {note}
  许可：{licence}（{licence_url}）。{note_zh}
"""


def bundle_zip(rows: pd.DataFrame, meta: dict, citation: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip of the CSV, the metadata JSON and a short README (and any `extra` files, such as the
    Frictionless descriptor `datapackage.json` and the tables it describes)."""

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("observations.csv", csv_bytes(rows))
        bundle.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
        for name, data in (extra or {}).items():
            bundle.writestr(name, data)
        names = [*bundle.namelist(), "README.txt"]
        width = max(len(n) for n in names)
        files = "\n".join(f"  {n.ljust(width)}  {BUNDLE_FILES.get(n, '')}".rstrip() for n in names)
        bundle.writestr(
            "README.txt",
            BUNDLE_README.format(
                files=files,
                citation=citation,
                licence=meta["licence"],
                licence_url=meta["licence_url"],
                note=meta["licence_note"],
                note_zh=meta.get("licence_note_zh", ""),
            ),
        )
    return buffer.getvalue()


# Excel workbook -----------------------------------------------------------------------------------

# Characters that the XML of a workbook cannot hold (control characters other than tab and newlines).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
QUALIFIER_MEANINGS: tuple[tuple[str, str], ...] = (
    ("exact", "the number as stated"),
    ("more_than", "a lower bound: more than the value (not the value itself)"),
    ("at_least", "a lower bound: the value or more"),
    ("about", "approximately the value"),
    ("nearly", "just under the value (近)"),
    ("less_than", "an upper bound: less than the value"),
    ("at_most", "an upper bound: the value or less"),
    ("indicative", "derived from bounds, itself no bound: an order of magnitude"),
)


def _text_cell(cell, value) -> None:
    """A text cell that no spreadsheet evaluates: stored as a string (never as a formula), characters
    that XML cannot hold removed, and a quote prefix on text that looks like a formula so that editing
    the cell keeps it text."""
    text = _ILLEGAL_XML.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store a leading '=' as a formula
    if text.startswith(_DANGEROUS_START):
        cell.quotePrefix = True


def _put(ws, row: int, column: int, value, *, kind: str = "text") -> None:
    cell = ws.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return
    if kind == "number":
        cell.value = int(value) if float(value).is_integer() else float(value)  # General format: as stated
    elif kind == "date":
        cell.value = dt.date.fromisoformat(str(value)) if not isinstance(value, dt.date) else value
        cell.number_format = "yyyy-mm-dd"
    elif kind == "link" and isinstance(value, str) and value.startswith(("https://", "http://")):
        _text_cell(cell, value)
        cell.hyperlink = value
        cell.font = Font(color="0563C1", underline="single")
    else:
        _text_cell(cell, value)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _finish_sheet(ws, widths: list[int], *, max_width: int = 60) -> None:
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, max_width)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def xlsx_bytes(rows: pd.DataFrame, sources: pd.DataFrame, about: list[tuple[str, str]]) -> bytes:
    """An Excel workbook of the same rows and columns as the CSV: a data sheet with numbers as numeric
    cells and dates as date cells (frozen header, fitted widths, an autofilter), a sources sheet (grade,
    URL as a link) and an about sheet (`about`: (label, text) pairs such as the filters, the dataset
    version, the licence and the citation; the qualifiers' meanings are added). No cell is a formula,
    whatever the data holds."""
    frame = export_frame(rows)
    book = openpyxl.Workbook()
    data = book.active
    data.title = "observations"
    columns = list(frame.columns)
    widths = [_width(c) for c in columns]
    for j, name in enumerate(columns, start=1):
        _put(data, 1, j, name)
    kinds = {
        name: "number"
        if name in NUMBER_COLUMNS
        else "date"
        if name in DATE_COLUMNS
        else "link"
        if name == "source_url"
        else "text"
        for name in columns
    }
    for i, record in enumerate(frame.itertuples(index=False), start=2):
        for j, (name, value) in enumerate(zip(columns, record, strict=True), start=1):
            _put(data, i, j, value, kind=kinds[name])
            widths[j - 1] = max(widths[j - 1], 12 if kinds[name] in ("number", "date") else _width(value))
    data.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(frame) + 1, 2)}"
    _finish_sheet(data, widths)

    cited = sources[sources.source_id.isin(set(rows.source_id))].sort_values(["published", "source_id"])
    sheet = book.create_sheet("sources")
    header = [
        "source_id",
        "publisher",
        "publisher_zh",
        "published",
        "title",
        "title_zh",
        "grade",
        "reliability",
        "url",
        "citation",
    ]
    widths = [_width(c) for c in header]
    for j, name in enumerate(header, start=1):
        _put(sheet, 1, j, name)
    for i, (_, source) in enumerate(cited.iterrows(), start=2):
        values = [
            source["source_id"],
            source["publisher"],
            source["publisher_zh"],
            iso_date(source["published"]),
            source["title"],
            source["title_zh"],
            source["grade"],
            source["reliability"],
            source["url"],
            source_citation(source),
        ]
        for j, value in enumerate(values, start=1):
            kind = "date" if header[j - 1] == "published" else "link" if header[j - 1] == "url" else "text"
            _put(sheet, i, j, value if isinstance(value, str) else None, kind=kind)
            widths[j - 1] = max(widths[j - 1], 12 if kind == "date" else _width(value))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(cited) + 1, 2)}"
    _finish_sheet(sheet, widths)

    info = book.create_sheet("about")
    lines = [
        ("item", "value"),
        *about,
        ("", ""),
        *((f"qualifier: {name}", meaning) for name, meaning in QUALIFIER_MEANINGS),
    ]
    widths = [10, 10]
    for i, (label, text) in enumerate(lines, start=1):
        _put(info, i, 1, label)
        _put(info, i, 2, text)
        widths = [max(widths[0], _width(label)), max(widths[1], _width(text))]
    _finish_sheet(info, widths, max_width=100)

    sink = io.BytesIO()
    book.save(sink)
    return sink.getvalue()


# A declared table (such as `schema.TARGET_DOWNLOAD`) as files: the same columns, order and types whatever
# the rows, like the observation files.


def declared_frame(rows: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The rows with the table's columns, in order, as Python objects: dates ISO text, numbers floats,
    booleans bools, a missing value None (never empty text or NaN)."""
    columns = {}
    for column in table.columns:
        values: list = list(rows[column.name]) if column.name in rows else [None] * len(rows)
        cells: list[str | float | bool | None]
        if column.type == "date":
            cells = [None if _missing(v) else iso_date(v) or None for v in values]
        elif column.type == "float64":
            cells = [None if _missing(v) else float(v) for v in values]
        elif column.type == "bool":
            cells = [None if _missing(v) else bool(v) for v in values]
        else:
            cells = [None if _missing(v) or v == "" else str(v) for v in values]
        columns[column.name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=table.column_names)


def declared_csv(rows: pd.DataFrame, table: Table) -> bytes:
    """UTF-8 CSV with BOM: numbers as floats ('300.0'), booleans true/false, text neutralised."""
    frame = declared_frame(rows, table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        writer.writerow(
            [
                ""
                if _missing(v)
                else ("true" if v else "false")
                if isinstance(v, bool)
                else _number(v)
                if isinstance(v, float)
                else neutralise(str(v))
                for v in record
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def declared_json(rows: pd.DataFrame, table: Table) -> bytes:
    frame = declared_frame(rows, table)
    records = [dict(zip(frame.columns, record, strict=True)) for record in frame.itertuples(index=False)]
    return json.dumps(records, ensure_ascii=False, allow_nan=False).encode("utf-8")


def declared_parquet(rows: pd.DataFrame, table: Table) -> bytes:
    """Parquet of the table's Arrow schema: dates as dates, a description on every column."""
    frame = declared_frame(rows, table)
    schema = table.arrow_schema
    arrays = []
    for field in schema:
        values = list(frame[field.name])
        if pa.types.is_date32(field.type):
            values = [None if v is None else dt.date.fromisoformat(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), sink, compression="zstd")
    return sink.getvalue()
