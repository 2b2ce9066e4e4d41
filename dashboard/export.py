"""Turning rows of observations into files a researcher can take away: CSV that opens correctly in
Excel (UTF-8 with BOM, ISO dates, numbers as numbers, formula injection neutralised), Parquet, and a
zip bundle with metadata and a README. Pure functions: rows in, bytes out."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.formatting import iso_date

# (column in the file, column in the observation view, description)
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("obs_id", "obs_id", "Identifier of the figure in this dataset."),
    ("metric_id", "metric_id", "Identifier of what is measured."),
    ("metric_en", "name_en", "What is measured, in English."),
    ("metric_zh", "name_zh", "What is measured, in Chinese."),
    ("value", "value", "The number as the source states it, in `unit`; read it with `qualifier`."),
    ("unit", "label_en", "Unit of the value."),
    ("qualifier", "qualifier", "exact, more_than (lower bound), at_least, about, less_than (upper bound), at_most."),
    ("as_of", "as_of", "Date the figure describes (end of its period), ISO 8601."),
    ("as_of_precision", "as_of_precision", "How precise as_of is: day, month, quarter, half or year."),
    ("period_start", "period_start", "Start of the period for growth over a period; empty otherwise."),
    ("status", "status", "actual, target, forecast or estimate."),
    ("published", "published", "Date the source published the figure, ISO 8601."),
    ("source_id", "source_id", "Identifier of the source."),
    ("source_title", "source_title", "Title of the source."),
    ("publisher", "publisher", "Who published the source."),
    ("source_url", "url", "Address of the source (empty for the seed articles, which have none)."),
    ("source_grade", "grade", "Reliability grade of the source: high, medium or low."),
    ("evidence", "evidence", "The source's own words stating the figure, verbatim."),
    ("kind", "kind", "reported (a source states it) or derived (computed by us)."),
    ("formula", "formula", "For derived figures, the arithmetic over obs_id values."),
    ("conflicts", "conflict_ids", "Recorded disagreements this figure is part of (conflict ids, ; separated)."),
    ("note", "note", "Caveats."),
)

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """OWASP CSV-injection advice: a text cell that a spreadsheet could read as a formula is prefixed with
    a single quote, and an embedded quote or separator is then handled by normal CSV quoting."""
    if cell and cell.startswith(_DANGEROUS_START):
        return "'" + cell
    return cell


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the export columns, in order, dates as ISO text."""
    out = pd.DataFrame({name: rows[source].to_numpy() for name, source, _ in EXPORT_COLUMNS})
    for column in ("as_of", "period_start", "published"):
        out[column] = [iso_date(v) for v in out[column]]
    out["value"] = out["value"].astype("float64")
    return out.reset_index(drop=True)


def _number(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, every provenance column, values as plain numbers."""
    frame = export_frame(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        cells = []
        for name, value in zip(frame.columns, record, strict=True):
            if name == "value":
                cells.append(_number(value))
            elif value is None or (isinstance(value, float) and pd.isna(value)):
                cells.append("")
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
        writer.writerow(["" if (v is None or (isinstance(v, float) and pd.isna(v))) else
                         v if isinstance(v, (int, float)) else neutralise(str(v)) for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
