"""Turning rows of observations into files a researcher can take away: CSV that opens correctly in
Excel (UTF-8 with BOM, ISO dates, numbers as numbers, formula injection neutralised), Parquet, and a
zip bundle with metadata and a README. Pure functions: rows in, bytes out."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


def parquet_bytes(rows: pd.DataFrame) -> bytes:
    """The same columns as the CSV, as Parquet (dates as ISO text, value as float64)."""

    frame = export_frame(rows)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = {f"column:{name}": description for name, _, description in EXPORT_COLUMNS}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **{k.encode(): v.encode() for k, v in metadata.items()}})
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def source_citation(source: pd.Series | dict) -> str:
    """'Publisher (date). Title. URL' for one source."""
    when = iso_date(source["published"])
    precision = source.get("published_precision", "day")
    when = when[:4] if precision == "year" else when[:7] if precision in ("month", "quarter", "half") else when
    url = source.get("url")
    tail = f" {url}" if isinstance(url, str) and url else " (seed document, no web address)"
    return f"{source['publisher']} ({when}). {source['title']}.{tail}"


def view_citation(release: pd.Series | dict, url: str, filters_text: str, accessed: str) -> str:
    """How to cite the current view of the dashboard."""
    year = iso_date(release["released"])[:4]
    scope = f" Filtered view: {filters_text}." if filters_text else ""
    return (f"China Data Market Monitor ({year}). {release['title']}, version {release['version']}.{scope} "
            f"{url} (accessed {accessed}). Licence: {release['licence']}.")


def metadata(rows: pd.DataFrame, sources: pd.DataFrame, release: pd.Series | dict, filters: dict, url: str,
             downloaded_at: str) -> dict:
    """What a downloaded file is: when, which filters, which data version, every source, every column."""
    cited = sources[sources.source_id.isin(set(rows.source_id))].sort_values("published")
    return {
        "title": release["title"],
        "dataset_version": release["version"],
        "dataset_released": iso_date(release["released"]),
        "licence": release["licence"],
        "licence_url": release["licence_url"],
        "licence_note": release.get("note") or "",
        "downloaded_at": downloaded_at,
        "view_url": url,
        "filters": filters,
        "row_count": int(len(rows)),
        "sources": [
            {"source_id": s["source_id"], "title": s["title"], "publisher": s["publisher"],
             "published": iso_date(s["published"]), "url": s["url"] if isinstance(s["url"], str) else None,
             "grade": s["grade"], "citation": source_citation(s)}
            for _, s in cited.iterrows()
        ],
        "columns": [{"name": name, "description": description} for name, _, description in EXPORT_COLUMNS],
    }


BUNDLE_README = """China Data Market Monitor: downloaded figures
=============================================

Files
  observations.csv   the rows you filtered, UTF-8 with BOM, one row per reported figure
  metadata.json      when and how this was downloaded, the filters, the data version, every source cited
                     and a description of every column
  README.txt         this file

How to read a row
  value is the number exactly as the source states it, in `unit`. Always read it with `qualifier`:
  more_than and at_least are lower bounds ("more than 100,000" is stored as 100000 with more_than and
  must not be quoted as 100,000); less_than and at_most are upper bounds; about is approximate.
  as_of is the date the figure describes (the end of its period); published is when the source said it.
  kind = derived marks figures we computed ourselves; formula shows how.
  source_grade = low marks figures from low-reliability sources (aggregators, blogs); treat with care.
  conflicts lists recorded disagreements between sources; see the dashboard's Sources and methods page.

How to cite
  {citation}
  Cite the original source of a figure too: each row names its publisher, date and URL, and
  metadata.json gives a citation for every source.

Licence
  {licence} ({licence_url}) for the compilation. {note}
"""


def bundle_zip(rows: pd.DataFrame, meta: dict, citation: str) -> bytes:
    """A zip of the CSV, the metadata JSON and a short README."""

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("observations.csv", csv_bytes(rows))
        bundle.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
        bundle.writestr("README.txt", BUNDLE_README.format(citation=citation, licence=meta["licence"],
                                                           licence_url=meta["licence_url"], note=meta["licence_note"]))
    return buffer.getvalue()
