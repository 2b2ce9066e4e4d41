"""`python -m dashboard.curation check/build`: corrupted inputs are rejected with a precise message."""

import csv
import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.curation import build as build_module
from dashboard.curation.build import build
from dashboard.curation.cli import main
from dashboard.curation.docs import render_readme
from dashboard.curation.rules import count_words, evaluate_formula, period_end
from dashboard.curation.verify import verify_evidence
from tests.helpers import CURATED, DATASETS, REPO


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(list(args))
    return code, out.getvalue()


def rewrite_cell(folder: Path, table: str, row_index: int | str, column: str, value: str) -> int:
    """Set one cell of a curated CSV (row by index, or "derived": the first derived observation);
    return the file line of that row (header is line 1)."""
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if row_index == "derived":
        row_index = next(i for i, r in enumerate(rows[1:]) if r[rows[0].index("kind")] == "derived")
    rows[row_index + 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return row_index + 2


def test_committed_curated_data_passes_the_check():
    code, output = run_cli("check")
    assert code == 0, output
    assert output.startswith("ok:")


CORRUPTIONS = [
    # (description, table, row, column, new value, words the message must contain)
    ("bad number", "observations", 3, "value", "890 PB", ["is not a number"]),
    ("unknown source", "observations", 5, "source_id", "nowhere_999", ["'nowhere_999' is not in sources.csv"]),
    ("bad date", "observations", 7, "as_of", "2025-13-01", ["is not a real date"]),
    ("not ISO date", "events", 2, "start", "29/12/2025", ["is not an ISO date"]),
    ("duplicate id", "observations", 9, "obs_id", "hqds_count_20251231_seed_004", ["duplicate id"]),
    ("qualifier outside the set", "observations", 2, "qualifier", "approximately", ["is not one of: exact, more_than"]),
    ("missing evidence", "observations", 4, "evidence", "", ["a reported figure has no evidence"]),
    ("wrong unit for the metric", "observations", 1, "unit", "tb", ["differs from the metric's unit"]),
    ("unknown metric", "observations", 6, "metric_id", "no_such_metric", ["is not in metrics.csv"]),
    (
        "derived value that its formula does not give",
        "observations",
        "derived",
        "value",
        "3.5",
        ["differs from its formula's result"],
    ),
    (
        "formula with code in it",
        "observations",
        "derived",
        "formula",
        "__import__('os').system('true')",
        ["may only use"],
    ),
    (
        "derived figure dated before its inputs",
        "observations",
        "derived",
        "published",
        "2020-01-01",
        ["is not the date of its latest input"],
    ),
    ("evidence too long", "observations", 1, "evidence", " ".join(["word"] * 30), ["quotes 30 words"]),
    ("latitude out of range", "places", 0, "lat", "130.5", ["is not a latitude"]),
    (
        "actual figure dated after publication",
        "observations",
        1,
        "as_of",
        "2027-01-01",
        ["dated after its source was published"],
    ),
    ("required cell empty", "sources", 3, "publisher", "", ["is empty"]),
    ("bad id", "sources", 3, "source_id", "Bad Id!", ["is not a valid id"]),
]


@pytest.mark.parametrize("case", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_check_rejects_corrupted_cell_naming_file_row_and_column(curated_copy, case):
    _, table, row, column, value, expected = case
    line = rewrite_cell(curated_copy, table, row, column, value)
    code, output = run_cli("check", "--src", str(curated_copy))
    assert code == 1
    lines = [
        entry for entry in output.splitlines() if f"{table}.csv:{line}:" in entry and f"column '{column}'" in entry
    ]
    assert lines, output
    for words in expected:
        assert any(words in entry for entry in lines), (words, lines)
    assert "Traceback" not in output
    assert "nothing was written" in output


def test_check_rejects_wrong_header(curated_copy):
    path = curated_copy / "metrics.csv"
    text = path.read_text(encoding="utf-8").replace("definition_zh", "definition_cn", 1)
    path.write_text(text, encoding="utf-8")
    code, output = run_cli("check", "--src", str(curated_copy))
    assert code == 1
    assert "metrics.csv:1: header does not match the schema (missing definition_zh; unknown definition_cn)" in output


def test_check_rejects_file_that_is_not_utf8(curated_copy):
    (curated_copy / "units.csv").write_bytes(b"unit_id,label_en\n" + "个".encode("gb18030"))
    code, output = run_cli("check", "--src", str(curated_copy))
    assert code == 1
    assert "units.csv: is not valid UTF-8" in output


def test_check_rejects_ragged_row_and_missing_file(curated_copy):
    path = curated_copy / "places.csv"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1  # the appended row's line number
    with path.open("a", encoding="utf-8") as fh:
        fh.write("extra,row\n")
    (curated_copy / "entities.csv").unlink()
    code, output = run_cli("check", "--src", str(curated_copy))
    assert code == 1
    assert f"places.csv:{line}: has 2 fields but the header has 10" in output
    assert "entities.csv: file is missing" in output


def test_check_from_the_command_line_prints_no_traceback(curated_copy):
    rewrite_cell(curated_copy, "observations", 0, "value", "sixty-eight")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.curation", "check", "--src", str(curated_copy)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "observations.csv:2: column 'value': 'sixty-eight' is not a number" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_committed_parquet_equals_a_fresh_build(tmp_path):
    built = build(CURATED, tmp_path)
    for name, table in built.items():
        committed = pq.read_table(DATASETS / f"{name}.parquet")
        assert committed.equals(table, check_metadata=True), f"{name}.parquet is stale: run the build"
        assert (DATASETS / f"{name}.parquet").read_bytes() == (tmp_path / f"{name}.parquet").read_bytes()


def test_build_is_deterministic(tmp_path):
    build(CURATED, tmp_path / "a")
    build(CURATED, tmp_path / "b")
    for path in (tmp_path / "a").glob("*.parquet"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_failed_check_leaves_existing_parquet_untouched(curated_copy, datasets_copy):
    before = {p.name: p.read_bytes() for p in datasets_copy.glob("*.parquet")}
    rewrite_cell(curated_copy, "observations", 0, "value", "abc")
    code, _ = run_cli("build", "--src", str(curated_copy), "--out", str(datasets_copy))
    assert code == 1
    assert {p.name: p.read_bytes() for p in datasets_copy.glob("*.parquet")} == before


def test_failure_while_writing_leaves_existing_parquet_untouched(curated_copy, datasets_copy, monkeypatch):
    rewrite_cell(curated_copy, "observations", 0, "value", "68.7")  # a valid change that would alter the output
    before = {p.name: p.read_bytes() for p in datasets_copy.glob("*.parquet")}
    real_write = build_module.write_parquet
    calls = []

    def failing_write(table, path):
        calls.append(path)
        if len(calls) == 8:
            raise OSError(28, "No space left on device", str(path))
        real_write(table, path)

    monkeypatch.setattr(build_module, "write_parquet", failing_write)
    code, output = run_cli("build", "--src", str(curated_copy), "--out", str(datasets_copy))
    assert code == 1
    assert "No space left on device" in output
    assert {p.name: p.read_bytes() for p in datasets_copy.glob("*.parquet")} == before
    assert not list(datasets_copy.glob(".build-*")), "staging folder left behind"


def test_docs_in_datasets_readme_are_generated_from_the_schema():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert render_readme(text) == text, "run `python -m dashboard.curation docs`"


def test_verify_evidence_catches_a_phrase_not_in_its_source(tmp_path, curated_copy):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in ("000", "001", "004"):
        (seeds / f"{n}_x.txt").write_text("nothing relevant here", encoding="utf-8")
    checked, problems = verify_evidence(curated_copy, seeds, None)
    assert checked > 10
    assert any("seed_004" in str(p) and "observations.csv:2" in str(p) for p in problems)


def test_verify_evidence_catches_a_chinese_original_not_in_its_source(curated_copy):
    """A Chinese original (zh_origin original) stands word for word in the stored excerpt of its Chinese
    source; our translation is not checked against any source."""
    _, problems = verify_evidence(curated_copy, None, None)
    assert not [str(p) for p in problems if "_zh" in str(p)]
    wordings = list(csv.DictReader((curated_copy / "area_wordings.csv").open(encoding="utf-8")))
    index = next(i for i, r in enumerate(wordings) if r["zh_origin"] == "original")
    line = rewrite_cell(curated_copy, "area_wordings", index, "wording_zh", "加快建设全国统一的数据大市场")
    translated = next(i for i, r in enumerate(wordings) if r["zh_origin"] == "translation")
    rewrite_cell(curated_copy, "area_wordings", translated, "wording_zh", "本站的另一种译法")
    _, problems = verify_evidence(curated_copy, None, None)
    assert [(Path(p.file).name, p.row, p.column, p.message) for p in problems if "_zh" in str(p)] == [
        (
            "area_wordings.csv",
            line,
            "wording_zh",
            f"'加快建设全国统一的数据大市场' is not word for word in {wordings[index]['zh_source_id']}",
        )
    ]


def test_count_words_counts_chinese_characters_as_half_words():
    assert count_words("more than 100,000 datasets") == 4
    assert count_words("已经建设高质量数据集超过3.5万个") == 8
    assert count_words("") == 0


def test_formula_evaluator_is_arithmetic_only():
    assert evaluate_formula("a / b * 1000", {"a": 890.0, "b": 100000.0}) == pytest.approx(8.9)
    for bad in ("a.__class__", "f(a)", "a if b else 1", "[a]"):
        with pytest.raises(ValueError):
            evaluate_formula(bad, {"a": 1.0, "b": 2.0})
    with pytest.raises(ValueError, match="unknown observation"):
        evaluate_formula("zz + 1", {})


@pytest.mark.parametrize(
    "day,precision,end",
    [
        ("2025-05-17", "day", "2025-05-17"),
        ("2025-05-17", "month", "2025-05-31"),
        ("2025-02-03", "quarter", "2025-03-31"),
        ("2025-08-01", "half", "2025-12-31"),
        ("2024-02-10", "month", "2024-02-29"),
        ("2025-12-01", "month", "2025-12-31"),
    ],
)
def test_period_end(day, precision, end):
    import datetime as dt

    assert period_end(dt.date.fromisoformat(day), precision) == dt.date.fromisoformat(end)
