"""The Excel workbook: typed cells, Chinese intact, no formula whatever the text; reopened with openpyxl and
converted by LibreOffice as an analyst's spreadsheet would read it."""

import csv
import datetime as dt
import io
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard import export
from tests import factories as f
from tests.helpers import requires_soffice

HOSTILE = ['=HYPERLINK("http://evil.invalid","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]


def hostile_view() -> pd.DataFrame:
    observations = [
        f.obs("a1", "m1", 100000, "2025-12-31", published="2026-01-15", qualifier="more_than"),
        f.obs("a2", "m1", 1536.9, "2026-06-30", published="2026-07-02", source_id="src_b", precision="day"),
    ]
    for i, text in enumerate(HOSTILE):
        observations.append({**f.obs(f"h{i}", "m1", i + 0.5, "2024-12-31"), "evidence": text, "note": text})
    metrics = [{**f.metric("m1"), "name_zh": "高质量数据集数量（个）"}]
    view = f.view_of(observations, metrics)
    view.loc[view.obs_id == "h0", "evidence"] = "含控制符\x07的文本 " + HOSTILE[0]
    return view


def workbook_bytes(q: str = "annotation") -> bytes:
    about = export.about_rows(f.RELEASE, {"q": q}, "https://h/explorer?q=x", "2026-12-01", "Cite me")
    return export.xlsx_bytes(hostile_view(), f.SOURCES, about)


def no_formula(book) -> None:
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_cells_are_typed_and_nothing_is_a_formula(tmp_path):
    path = tmp_path / "o.xlsx"
    path.write_bytes(workbook_bytes(q="=1+2"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["observations", "sources", "about"]
    data = book["observations"]
    header = [c.value for c in data[1]]
    assert header == list(export.export_frame(hostile_view()).columns)
    value, as_of, zh = header.index("value") + 1, header.index("as_of") + 1, header.index("metric_zh") + 1
    line = {data.cell(r, 1).value: r for r in range(2, data.max_row + 1)}
    assert data.cell(line["a1"], value).value == 100000 and data.cell(line["a1"], value).data_type == "n"
    assert data.cell(line["a2"], value).value == pytest.approx(1536.9)
    assert data.cell(line["a1"], as_of).is_date and data.cell(line["a1"], as_of).value.date() == dt.date(2025, 12, 31)
    assert data.cell(line["a1"], zh).value == "高质量数据集数量（个）"
    assert data.freeze_panes == "A2" and data.auto_filter.ref.startswith("A1:")
    assert data.column_dimensions["D"].width > 10
    texts = {data.cell(r, header.index("evidence") + 1).value for r in range(2, data.max_row + 1)}
    for hostile in HOSTILE[1:]:
        assert hostile.lstrip("\t") in {str(t).lstrip("\t") for t in texts}  # kept as text, exactly
    assert any("\x07" not in str(t) and "控制符" in str(t) for t in texts)
    no_formula(book)
    sources = book["sources"]
    url_col = [c.value for c in sources[1]].index("url") + 1
    assert sources.cell(2, url_col).hyperlink.target.startswith("https://example.org/")
    about = {r[0].value: r[1].value for r in book["about"].iter_rows() if r[0].value}
    assert about["filters applied"] == "q==1+2" and about["dataset version"] == "9.8.7"
    assert "CC BY 4.0" in about["licence"] and about["citation"] == "Cite me"
    assert "qualifier: more_than" in about


CONVERT_SECONDS = 180  # for one LibreOffice conversion (its first start builds a profile)


def convert_workbook(source: Path, target_filter: str, out: Path, profile: Path) -> Path:
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            requires_soffice("libreoffice-calc"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_filter,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_SECONDS,
    )
    produced = list(out.iterdir())
    assert len(produced) == 1, produced
    return produced[0]


@pytest.mark.timeout(2 * CONVERT_SECONDS + 60)  # two conversions
def test_libreoffice_reads_numbers_dates_and_chinese_and_evaluates_nothing(tmp_path):
    source = tmp_path / "cdmm.xlsx"
    source.write_bytes(workbook_bytes())
    profile = tmp_path / "profile"
    # the first sheet as UTF-8 CSV, as LibreOffice sees the cells
    text = convert_workbook(source, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv", profile).read_text(
        "utf-8"
    )
    records = list(csv.DictReader(io.StringIO(text)))
    by_id = {r["obs_id"]: r for r in records}
    assert by_id["a1"]["metric_zh"] == "高质量数据集数量（个）"
    assert by_id["a1"]["value"] == "100000" and by_id["a1"]["as_of"] == "2025-12-31"
    assert by_id["a2"]["value"] == "1536.9"
    assert {r["evidence"] for r in records} >= set(HOSTILE[1:4])  # the text itself, never a computed result
    assert not any(r["evidence"] in ("2", "1") for r in records)
    # and as a workbook again, reopened: numbers numeric, dates dates, no formula anywhere
    again = openpyxl.load_workbook(convert_workbook(source, "xlsx", tmp_path / "xlsx", profile))
    no_formula(again)
    data = again["observations"]
    header = [c.value for c in data[1]]
    for r in range(2, data.max_row + 1):
        assert data.cell(r, header.index("value") + 1).data_type == "n"
        assert data.cell(r, header.index("as_of") + 1).is_date
        assert data.cell(r, header.index("metric_zh") + 1).value == "高质量数据集数量（个）"
