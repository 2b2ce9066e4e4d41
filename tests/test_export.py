"""The CSV writer (BOM, injection, Chinese, numbers), Parquet and the zip bundle."""

import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import export
from dashboard.data import read_table
from tests.helpers import read_csv


def test_csv_has_every_provenance_column_and_chinese_round_trips(view):
    rows = read_csv(export.csv_bytes(view))
    assert len(rows) == len(view)
    expected = [
        "obs_id",
        "metric_id",
        "metric_en",
        "metric_zh",
        "value",
        "unit",
        "qualifier",
        "as_of",
        "as_of_precision",
        "period_start",
        "status",
        "published",
        "source_id",
        "source_title",
        "publisher",
        "source_url",
        "source_grade",
        "evidence",
        "kind",
        "formula",
        "conflicts",
        "note",
        # added by issue 23: after the others, so that reading by position keeps working
        "note_zh",
        "area_id",
        "priority_id",
        "place_id",
        "place_en",
        "place_zh",
        "place_role",
        "province_en",
        "province_zh",
        "place_lat",
        "place_lon",
        "added_in",  # the dataset version that first held the figure (issue 23, item 7)
    ]
    assert list(rows[0]) == expected
    by_id = {r["obs_id"]: r for r in rows}
    seed = by_id["hqds_count_20251231_seed_004"]
    assert seed["metric_zh"] == "高质量数据集数量"
    assert (seed["value"], seed["qualifier"], seed["as_of"], seed["published"]) == (
        "100000.0",  # a float, so that every reader types the column alike (issue 23)
        "more_than",
        "2025-12-31",
        "2026-04-03",
    )
    assert (
        by_id["hqds_count_20250630_stdaily_250814"]["evidence"] == "已经建设高质量数据集超过3.5万个,总体量超过了400PB"
    )
    assert by_id["hqds_count_20250630_stdaily_250814"]["source_url"].startswith("https://www.stdaily.com/")


def test_values_stay_plain_numbers(view):
    for row in read_csv(export.csv_bytes(view)):
        float(row["value"])
        assert "," not in row["value"] and "e" not in row["value"].lower()


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
)
def test_formula_injection_is_neutralised(view, payload):
    hostile = view.head(2).copy()
    hostile["evidence"] = payload
    hostile["note"] = payload
    hostile["publisher"] = payload
    for row in read_csv(export.csv_bytes(hostile)):
        for column in ("evidence", "note", "publisher"):
            assert row[column] == "'" + payload
        float(row["value"])


def test_html_in_data_stays_text_in_csv(view):
    hostile = view.head(1).copy()
    hostile["evidence"] = '<img src=x onerror="alert(1)">'
    assert read_csv(export.csv_bytes(hostile))[0]["evidence"] == '<img src=x onerror="alert(1)">'


def test_parquet_has_the_same_rows(view):
    table = pq.read_table(io.BytesIO(export.parquet_bytes(view.head(5))))
    assert table.num_rows == 5 and table.column_names == [c for c, _, _ in export.EXPORT_COLUMNS]
    assert table.schema.field("value").type == "double"
    assert table.schema.field("qualifier").metadata[b"description"].startswith(b"How the source qualifies")


def test_zip_bundle_has_csv_metadata_and_readme(view):
    rows = view[view.metric_id == "hqds_count"]
    sources = read_table("sources")
    release = read_table("release").iloc[0]
    meta = export.metadata(
        rows, sources, release, {"q": "datasets"}, "http://h/explorer?q=datasets", "2026-11-23T10:00:00+00:00"
    )
    citation = export.view_citation(release, "http://h/explorer?q=datasets", "q=datasets", "2026-11-23")
    with zipfile.ZipFile(io.BytesIO(export.bundle_zip(rows, meta, citation))) as bundle:
        assert sorted(bundle.namelist()) == ["README.txt", "metadata.json", "observations.csv"]
        data = json.loads(bundle.read("metadata.json"))
        readme = bundle.read("README.txt").decode()
        assert len(read_csv(bundle.read("observations.csv"))) == len(rows)
    assert data["dataset_version"] == release["version"] and data["filters"] == {"q": "datasets"}
    assert data["row_count"] == len(rows)
    assert {s["source_id"] for s in data["sources"]} == set(rows.source_id)
    assert all(s["citation"] for s in data["sources"])
    assert len(data["columns"]) == len(export.EXPORT_COLUMNS)
    assert "lower bounds" in readme and citation in readme and "CC BY 4.0" in readme
    # the licence note in both languages: a Chinese reader of the files gets it in Chinese
    assert release["note_zh"] and release["note_zh"] in readme and data["licence_note_zh"] == release["note_zh"]
    about = dict(export.about_rows(release, {}, "http://h/explorer", "2026-11-23", citation))
    assert release["note_zh"] in about.values()


def test_source_citation():
    source = read_table("sources").set_index("source_id").loc["yicai_260324"]
    source = {**source.to_dict(), "source_id": "yicai_260324"}
    assert export.source_citation(source) == (
        "Yicai Global (2026-03-24). China's Daily Token Usage Jumps 40% in Three Months. "
        "https://www.yicaiglobal.com/news/chinas-daily-token-usage-jumps-40-in-three-months"
    )
    assert pd.notna(source["published"])
