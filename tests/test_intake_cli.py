"""`python -m dashboard.curation intake | review | accept` on copies of the data: a report becomes proposals, a
review decides them, accept adds them all or nothing; bad input gets a clear message and changes nothing."""

import csv
import hashlib
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from dashboard.curation.cli import main
from dashboard.curation.review import review
from tests.factories import tiny_pdf
from tests.helpers import DATASETS

REPORT = """<html><head><title>国家数据局举行新闻发布会</title><script>var a = "999万";</script></head><body>
<p>截至2026年10月底，我国已经建设高质量数据集超过12万个，总体量超过了1000PB。</p>
<p>全国日均Token消耗量突破160万亿。到2027年，力争建成数据标注基地12个。</p></body></html>"""
SOURCE_FIELDS = {
    "title": "NDA press conference",
    "publisher": "National Data Administration",
    "publisher_zh": "国家数据局",
    "kind": "press_conference",
    "reliability": "official",
    "grade": "high",
}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main([str(a) for a in args])
    return code, out.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the curated and raw data and the changelog (never datasets/ itself)."""
    target = tmp_path / "datasets"
    target.mkdir()
    shutil.copytree(DATASETS / "curated", target / "curated")
    shutil.copytree(DATASETS / "raw", target / "raw")
    shutil.copy(DATASETS / "CHANGELOG.md", target / "CHANGELOG.md")
    return target


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def intake(data: Path, tmp_path: Path, report: bytes = REPORT.encode(), name: str = "report.html") -> tuple[int, str]:
    (tmp_path / name).write_bytes(report)
    return run(
        "intake",
        "--file",
        tmp_path / name,
        "--url",
        "https://www.nda.gov.cn/sjj/1.html",
        "--published",
        "2026-11-20",
        "--out",
        tmp_path / "proposals.csv",
        "--src",
        data / "curated",
    )


def test_intake_writes_one_proposal_per_figure_and_a_draft_source(data, tmp_path):
    code, output = intake(data, tmp_path)
    assert code == 0, output
    proposals = rows(tmp_path / "proposals.csv")
    assert [(p["metric_id"], p["value"], p["unit"], p["qualifier"], p["as_of"], p["status"]) for p in proposals] == [
        ("hqds_count", "120000", "datasets", "more_than", "2026-10-31", "actual"),
        ("hqds_volume_pb", "1000", "pb", "more_than", "2026-10-31", "actual"),
        ("token_daily", "160", "trillion_tokens_per_day", "more_than", "2026-11-20", "actual"),
        ("", "12", "个", "exact", "2027-12-31", "target"),
    ]
    assert all(p["evidence"] in p["excerpt"] and p["confidence"] and p["reason"] for p in proposals)
    assert all(p["source_id"] == "nda_261120" and p["decision"] == "" for p in proposals)
    (draft,) = rows(tmp_path / "proposals.source.csv")
    assert (draft["source_id"], draft["url"], draft["language"]) == (
        "nda_261120",
        "https://www.nda.gov.cn/sjj/1.html",
        "zh-Hans",
    )
    assert "review" in output


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.html", "is empty"),
        (tiny_pdf(None), "scan.pdf", "PDF without text"),
        (b"<html><body><p>No figures here at all.</p></body></html>", "plain.html", "states no figure"),
    ],
)
def test_bad_reports_get_a_clear_message_and_nothing_is_written(data, tmp_path, content, name, words):
    code, output = intake(data, tmp_path, content, name)
    assert code == 1 and words in output and "Traceback" not in output
    assert not (tmp_path / "proposals.csv").exists() and not (tmp_path / "proposals.source.csv").exists()


def test_a_missing_report_or_a_bad_date_is_one_line(data, tmp_path):
    code, output = run(
        "intake",
        "--file",
        tmp_path / "nope.html",
        "--url",
        "u",
        "--published",
        "2026-11-20",
        "--out",
        tmp_path / "p.csv",
    )
    assert code == 1 and "nope.html" in output and "Traceback" not in output
    (tmp_path / "r.html").write_bytes(REPORT.encode())
    code, output = run(
        "intake", "--file", tmp_path / "r.html", "--url", "u", "--published", "20/11/2026", "--out", tmp_path / "p.csv"
    )
    assert code == 1 and "YYYY-MM-DD" in output


def decide(path: Path, decisions: list[str]) -> None:
    table = rows(path)
    for row, decision in zip(table, decisions, strict=True):
        row["decision"] = decision
    write(path, table)


def complete_source(tmp_path: Path) -> None:
    (draft,) = rows(tmp_path / "proposals.source.csv")
    draft.update(SOURCE_FIELDS)
    write(tmp_path / "proposals.source.csv", [draft])


def test_accept_adds_the_rows_source_excerpts_and_a_changelog_draft(data, tmp_path):
    intake(data, tmp_path)
    complete_source(tmp_path)
    decide(tmp_path / "proposals.csv", ["accept", "accept", "accept", "reject"])
    before = len(rows(data / "curated" / "observations.csv"))
    code, output = run("accept", tmp_path / "proposals.csv", "--datasets", data)
    assert code == 0, output
    observations = rows(data / "curated" / "observations.csv")
    assert len(observations) == before + 3
    added = {o["obs_id"]: o for o in observations[-3:]}
    assert set(added) == {
        "hqds_count_20261031_nda_261120",
        "hqds_volume_pb_20261031_nda_261120",
        "token_daily_20261120_nda_261120",
    }
    assert added["hqds_count_20261031_nda_261120"]["evidence"] == "我国已经建设高质量数据集超过12万个"
    assert rows(data / "curated" / "sources.csv")[-1]["source_id"] == "nda_261120"
    excerpts = [e for e in rows(data / "raw" / "excerpts.csv") if e["source_id"] == "nda_261120"]
    assert len(excerpts) == 2  # one per sentence, not one per figure
    changelog = (data / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## Unreleased (draft)") < changelog.index("## 1.4.0")
    assert "hqds_count: 120000 datasets" in changelog
    assert run("check", "--src", data / "curated")[0] == 0


def test_accept_flags_a_figure_already_in_the_data_and_does_not_add_it_twice(data, tmp_path):
    intake(data, tmp_path)
    complete_source(tmp_path)
    decide(tmp_path / "proposals.csv", ["accept", "reject", "reject", "reject"])
    assert run("accept", tmp_path / "proposals.csv", "--datasets", data)[0] == 0
    code, output = intake(data, tmp_path)  # the same report again
    assert "already in the data as hqds_count_20261031_nda_261120" in rows(tmp_path / "proposals.csv")[0]["reason"]
    decide(tmp_path / "proposals.csv", ["accept", "accept", "reject", "reject"])
    code, output = run("accept", tmp_path / "proposals.csv", "--datasets", data)
    assert code == 0, output
    assert "duplicate of hqds_count_20261031_nda_261120" in output and "not added" in output
    ids = [o["obs_id"] for o in rows(data / "curated" / "observations.csv")]
    assert ids.count("hqds_count_20261031_nda_261120") == 1
    assert "hqds_volume_pb_20261031_nda_261120" in ids


EDITS = [
    ("decision", "maybe", "is not accept, reject or empty"),
    ("value", "12万", "is not a number"),
    ("qualifier", "roughly", "is not one of"),
    ("as_of", "2026/10/31", "is not a date"),
    ("unit", "tb", "is not the unit of hqds_count"),
    ("metric_id", "no_such_metric", "is not in metrics.csv"),
    ("evidence", "超过13万个", "is not word for word in the excerpt"),
]


@pytest.mark.parametrize(("column", "value", "words"), EDITS)
def test_a_proposals_file_edited_into_an_invalid_state_changes_nothing(data, tmp_path, column, value, words):
    intake(data, tmp_path)
    complete_source(tmp_path)
    decide(tmp_path / "proposals.csv", ["accept", "reject", "reject", "reject"])
    table = rows(tmp_path / "proposals.csv")
    table[0][column] = value
    write(tmp_path / "proposals.csv", table)
    before = fingerprint(data)
    code, output = run("accept", tmp_path / "proposals.csv", "--datasets", data)
    assert code == 1 and words in output and "nothing was written" in output
    assert fingerprint(data) == before


def test_an_incomplete_source_or_a_failing_check_changes_nothing(data, tmp_path):
    intake(data, tmp_path)
    decide(tmp_path / "proposals.csv", ["accept", "reject", "reject", "reject"])
    before = fingerprint(data)
    code, output = run("accept", tmp_path / "proposals.csv", "--datasets", data)  # draft source not completed
    assert code == 1 and "proposals.source.csv:2: column 'kind': is empty" in output
    assert fingerprint(data) == before
    complete_source(tmp_path)
    table = rows(tmp_path / "proposals.csv")
    table[0]["value"] = "1"  # a stock that falls: the series check of `check` fails on the copy
    table[0]["evidence"] = table[0]["excerpt"][:8]
    write(tmp_path / "proposals.csv", table)
    code, output = run("accept", tmp_path / "proposals.csv", "--datasets", data)
    assert code == 1 and "hqds_count is a stock but falls" in output
    assert fingerprint(data) == before
    assert not [p for p in data.iterdir() if p.name.startswith(".accept-")]


def test_review_shows_each_proposal_with_its_sentence_series_and_flags_and_saves_each_answer(data, tmp_path):
    intake(data, tmp_path)
    answers = iter(["x", "a", "e value=1100", "r", "s", "q"])
    shown: list[str] = []
    counts = review(tmp_path / "proposals.csv", data / "curated", ask=lambda _: next(answers), say=shown.append)
    assert counts == {"accept": 1, "reject": 1, "left": 2}
    screen = "\n".join(shown)
    assert "»我国已经建设高质量数据集超过12万个«" in screen  # the evidence marked in its sentence
    assert "◀ this proposal" in screen and "seed_004" in screen  # the series with the new point drawn in
    assert "answer a, r, e field=value, s or q" in screen
    assert "no indicator" in screen  # the fourth proposal, shown before the curator quits
    decided = rows(tmp_path / "proposals.csv")
    assert [r["decision"] for r in decided] == ["accept", "reject", "", ""]
    assert decided[1]["value"] == "1100"


def test_review_flags_what_the_series_checks_and_the_data_would_say(data, tmp_path):
    intake(data, tmp_path)
    table = rows(tmp_path / "proposals.csv")
    table[0]["value"] = "1"  # below every earlier report: a stock that falls
    table[1]["value"] = "1000000"  # a million PB months after the last report: a jump
    write(tmp_path / "proposals.csv", table)
    shown: list[str] = []
    review(tmp_path / "proposals.csv", data / "curated", ask=lambda _: "s", say=shown.append)
    screen = "\n".join(shown)
    assert "series check stock_falls" in screen
    assert "series check jump" in screen


def test_the_worked_example_of_the_data_dictionary_gives_what_it_shows(tmp_path):
    """datasets/README.md runs intake on a corpus report; the summary and rows it prints are what it gives."""
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    corpus = DATASETS.parent / "tests" / "intake_corpus" / "nda_press_20250814.txt"
    url = "http://www.gangjingt.com/latest-news/xingyexinwen/3401.html"
    assert str(corpus.relative_to(DATASETS.parent)) in readme and url in readme
    code, output = run(
        "intake", "--file", corpus, "--url", url, "--published", "2025-08-14", "--out", tmp_path / "proposals.csv"
    )
    assert code == 0
    summary = output.splitlines()[0].replace(str(tmp_path / "proposals.csv"), "proposals.csv")
    assert summary in readme
    for row in rows(tmp_path / "proposals.csv"):
        if row["evidence"] in ("我国已经建设高质量数据集超过3.5万个", "今年还将推出数据产权等10多项制度"):
            assert (
                f"| {row['value']} | {row['unit']} | {row['qualifier']} | {row['as_of']} ({row['as_of_precision']}) |"
                in readme
            )
