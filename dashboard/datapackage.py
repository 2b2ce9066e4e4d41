"""A Frictionless Data Package (https://datapackage.org) describing the downloadable tables: the
observations (the explorer's CSV columns), the metrics, the sources, the places, the priority areas and the
policy targets with where each stands, joined by foreign keys. Table Schemas are generated from `dashboard/schema.py` (the tables and the declared
downloads `OBSERVATION_DOWNLOAD` and `TARGET_DOWNLOAD`), so a column is declared once.
Pure functions: tables in, a descriptor (a dict) or files out. Served at /data/datapackage.json and put
in the explorer's zip bundle beside the files it describes."""

from __future__ import annotations

import json

import pandas as pd

from dashboard import export
from dashboard.formatting import iso_date
from dashboard.schema import OBSERVATION_DOWNLOAD, TABLES, TARGET_DOWNLOAD, Column

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TYPES = {"string": "string", "float64": "number", "int64": "integer", "date": "date", "bool": "boolean"}

# Tables exported as files of their own (/data/<name>.csv), beside the observations.
TABLE_FILES = ("metrics", "sources", "places", "priority_areas")


def _field(name: str, column: Column | None, description: str, *, nullable: bool | None = None) -> dict:
    field: dict[str, object] = {
        "name": name,
        "type": TYPES[column.type] if column else "string",
        "description": description,
    }
    if field["type"] == "date":
        field["format"] = "%Y-%m-%d"
    constraints: dict[str, object] = {}
    if column is not None and not (column.nullable if nullable is None else nullable):
        constraints["required"] = True
    if column is not None and column.choices:
        constraints["enum"] = list(column.choices)
    if constraints:
        field["constraints"] = constraints
    return field


def _foreign_keys(columns) -> list[dict]:
    """The foreign keys of these columns that point into a file of the package."""
    keys = []
    for column in columns:
        if column.references:
            table, field = column.references.split(".")
            if table in TABLE_FILES:
                keys.append({"fields": [column.name], "reference": {"resource": table, "fields": [field]}})
    return keys


def observations_schema() -> dict:
    """The observations file's Table Schema: the declared download (`schema.OBSERVATION_DOWNLOAD`)."""
    columns = OBSERVATION_DOWNLOAD.columns
    return {
        "fields": [_field(c.name, c, c.description) for c in columns],
        "primaryKey": list(OBSERVATION_DOWNLOAD.key),
        "foreignKeys": _foreign_keys(columns),
        "missingValues": [""],
    }


def targets_schema() -> dict:
    """The targets file's Table Schema: the declared download (`schema.TARGET_DOWNLOAD`)."""
    columns = TARGET_DOWNLOAD.columns
    return {
        "fields": [_field(c.name, c, c.description) for c in columns],
        "primaryKey": list(TARGET_DOWNLOAD.key),
        "foreignKeys": _foreign_keys(columns),
        "missingValues": [""],
    }


def table_schema(table_name: str) -> dict:
    table = TABLES[table_name]
    schema = {
        "fields": [_field(c.name, c, c.description) for c in table.columns],
        "primaryKey": list(table.key),
        "missingValues": [""],
    }
    keys = _foreign_keys(table.columns)
    return {**schema, "foreignKeys": keys} if keys else schema


def _resource(name: str, path: str, title: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "type": "table",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def descriptor(release, sources: pd.DataFrame, *, base: str = "", filters: dict | None = None) -> dict:
    """The descriptor of the observations file and the tables of TABLE_FILES (paths relative to `base`: '' for
    files beside the descriptor, as in the zip and under /data/). `filters` (the explorer's URL
    parameters of a filtered download) are named in the observations' description."""
    listed = sources.sort_values(["published", "source_id"])
    return {
        "$schema": PROFILE,
        "name": "china-data-market-monitor",
        "title": str(release["title"]),
        "description": "Figures officially reported on China's data-element market, each traced to its source, "
        "date, qualifier and verbatim evidence. Read `value` with `qualifier`: bounds stay bounds.",
        "version": str(release["version"]),
        "created": iso_date(release["released"]) + "T00:00:00Z",
        "keywords": ["China", "data market", "data elements", "datasets", "statistics"],
        "licenses": [
            {
                "name": _licence_id(str(release["licence"])),
                "path": str(release["licence_url"]),
                "title": str(release["licence"]),
            }
        ],
        "contributors": [{"title": "China Data Market Monitor", "roles": ["creator"]}],
        "sources": [
            {
                "title": export.source_citation(s),
                **({"path": s["url"]} if isinstance(s["url"], str) and s["url"] else {}),
            }
            for _, s in listed.iterrows()
        ],
        "resources": [
            _resource(
                "observations",
                base + "observations.csv",
                "Observations",
                "One row per reported (or derived) figure, with its source and evidence"
                + (f"; filtered: {json.dumps(filters, ensure_ascii=False)}" if filters else "")
                + ".",
                observations_schema(),
            ),
            *(
                _resource(
                    name,
                    f"{base}{name}.csv",
                    name.replace("_", " ").capitalize(),
                    TABLES[name].description,
                    table_schema(name),
                )
                for name in TABLE_FILES
            ),
            _resource("targets", base + "targets.csv", "Targets", TARGET_DOWNLOAD.description, targets_schema()),
        ],
    }


def _licence_id(licence: str) -> str:
    """'CC BY 4.0' -> 'CC-BY-4.0' (the SPDX identifier)."""
    return licence.strip().replace(" ", "-")


def table_csv(table: pd.DataFrame, table_name: str) -> bytes:
    """A table as CSV in its schema's column order (dates ISO, text neutralised like the explorer's CSV)."""
    columns = TABLES[table_name].column_names
    frame = export.plain_frame(table[[c for c in columns if c in table.columns]])
    for column in frame.columns:  # integer columns with gaps come back as floats: write them as integers
        if TABLES[table_name].column(column).type == "int64":
            frame[column] = pd.Series(
                [None if pd.isna(v) else int(v) for v in frame[column]], dtype=object, index=frame.index
            )
    return export.plain_csv_bytes(frame)


def targets_csv(frame: pd.DataFrame) -> bytes:
    """The targets (`targets.table`) as the CSV the descriptor describes."""
    return export.declared_csv(frame, TARGET_DOWNLOAD)


def descriptor_bytes(descriptor_dict: dict) -> bytes:
    return json.dumps(descriptor_dict, ensure_ascii=False, indent=2).encode("utf-8")
