"""The curation check's rules, one by one, on small synthetic tables: a clean set passes every rule, and
each case below breaks one thing and gets exactly one problem, naming the file, the row and the column."""

import copy
import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard.curation.docs import RULES_END, RULES_START
from dashboard.curation.rules import RULES, Curated, check_integrity, rule
from tests.factories import curated
from tests.helpers import DATASETS

SRC = Path("curated")  # shown relative to the working folder: curated/<table>.csv
D = dt.date


def clean() -> dict[str, list[dict]]:
    """A small curated dataset that every rule accepts, at the edges where it can (a 25-word quote, an actual
    figure dated the last day of its source's publication month)."""
    return {
        "release": [{"version": "1.0.0"}],
        "sources": [
            {"source_id": "src_a", "published": D(2026, 1, 15), "published_precision": "day"},
            {"source_id": "src_b", "published": D(2026, 3, 1), "published_precision": "month"},
        ],
        "priority_areas": [
            {"area_id": "ai", "kind": "priority"},
            {"area_id": "ai_action", "kind": "action", "parent_id": "ai"},
            {"area_id": "security", "kind": "cross_cutting"},
        ],
        "units": [{"unit_id": "things"}, {"unit_id": "tb"}],
        "metrics": [{"metric_id": "m", "unit": "things"}],
        "observations": [
            {
                "obs_id": "a",
                "metric_id": "m",
                "value": 4.0,
                "unit": "things",
                "as_of": D(2025, 12, 31),
                "as_of_precision": "year",
                "period_start": D(2025, 1, 1),
                "published": D(2026, 1, 15),
                "source_id": "src_a",
                "evidence": " ".join(["word"] * 25),
                "kind": "reported",
                "status": "actual",
            },
            {
                "obs_id": "b",
                "metric_id": "m",
                "value": 2.0,
                "unit": "things",
                "as_of": D(2026, 3, 31),
                "as_of_precision": "month",
                "published": D(2026, 3, 1),
                "source_id": "src_b",
                "evidence": "约2个",
                "kind": "reported",
                "status": "actual",
            },
            {
                "obs_id": "ratio",
                "metric_id": "m",
                "value": 2.0,
                "unit": "things",
                "as_of": D(2026, 3, 31),
                "as_of_precision": "day",
                "published": D(2026, 3, 1),
                "source_id": "src_b",
                "kind": "derived",
                "formula": "a / b",
                "status": "actual",
            },
            {
                "obs_id": "goal",
                "metric_id": "m",
                "value": 10.0,
                "unit": "things",
                "qualifier": "at_least",
                "as_of": D(2027, 12, 31),
                "as_of_precision": "year",
                "published": D(2026, 1, 15),
                "source_id": "src_a",
                "evidence": "at least 10 things",
                "kind": "reported",
                "status": "target",
            },
        ],
        "targets": [
            {
                "obs_id": "goal",
                "series_metric_id": "m",
                "document_en": "A plan",
                "document_zh": "某规划",
                "clause": "By 2027, it will build at least 10 things " + " ".join(["word"] * 71),  # 80 words
            }
        ],
        "conflicts": [{"conflict_id": "c"}],
        "conflict_members": [
            {"conflict_id": "c", "member_table": "observations", "member_id": "a", "assessment": "kept"},
            {"conflict_id": "c", "member_table": "observations", "member_id": "b", "assessment": "probable_error"},
        ],
        "events": [
            {"event_id": "e", "start": D(2026, 1, 1), "end": D(2026, 1, 1), "source_id": "src_a", "evidence": "字" * 50}
        ],
        "places": [{"place_id": "p", "lat": -90.0, "lon": 180.0, "source_id": "src_a"}],
        "area_wordings": [_wording()],
        "series_reviews": [],
    }


def _set(table: str, index: int, **values):
    def change(data):
        data[table][index].update(values)

    return change


def _append(table: str, row: dict):
    def change(data):
        data[table].append(row)

    return change


def _drop(table: str, index: int):
    def change(data):
        del data[table][index]

    return change


def _duplicate(table: str, index: int):
    def change(data):
        data[table].append(copy.deepcopy(data[table][index]))

    return change


def _series(*points: tuple[str, float, dt.date, str], **extra):
    """Reports of a second metric `s` (a volume: a stock when it has no period), from sources src_c and
    src_d published in July 2026; `extra` sets columns of the first report."""

    def change(data):
        data["units"][1]["kind"] = "volume"
        data["metrics"].append({"metric_id": "s", "unit": "tb"})
        data["sources"] += [
            {"source_id": "src_c", "published": D(2026, 7, 15), "published_precision": "day"},
            {"source_id": "src_d", "published": D(2026, 7, 15), "published_precision": "day"},
        ]
        for i, (obs_id, value, as_of, source_id) in enumerate(points):
            row = {
                "obs_id": obs_id,
                "metric_id": "s",
                "value": value,
                "unit": "tb",
                "as_of": as_of,
                "as_of_precision": "month",
                "published": D(2026, 7, 15),
                "source_id": source_id,
                "evidence": f"{value:g} TB",
                "kind": "reported",
                "status": "actual",
            }
            data["observations"].append(row | (extra if i == 0 else {}))

    return change


def _wording(**values) -> dict:
    """A priority's wording by src_a, with its Chinese text (our translation unless `values` say otherwise)."""
    row = {"wording_id": "w", "area_id": "ai", "source_id": "src_a", "position": 1, "wording": "Do it"}
    return row | {"wording_zh": "做好", "zh_origin": "translation", "zh_source_id": None} | values


def _both(*changes):
    def change(data):
        for c in changes:
            c(data)

    return change


MARCH, JUNE = D(2026, 3, 31), D(2026, 6, 30)
REVIEW = "; or, if it is right as it stands, add the row '{key},<reason>' to series_reviews.csv"
OBS = "curated/observations.csv"
CASES = [
    # (rule, what breaks it, the one problem check prints)
    (
        "unique_keys",
        _duplicate("observations", 0),
        f"{OBS}:6: column 'obs_id': duplicate id a (first on line 2); give every row its own id",
    ),
    (
        "references_exist",
        _set("observations", 0, source_id="nowhere"),
        f"{OBS}:2: column 'source_id': 'nowhere' is not in sources.csv; use an existing source_id or add that row to sources.csv",
    ),
    (
        "one_release",
        _append("release", {"version": "1.0.1"}),
        "curated/release.csv: has 2 rows; keep exactly one row: the current version",
    ),
    (
        "release_is_listed",
        _both(
            _set("release", 0, released=D(2026, 1, 1)),
            lambda data: data.update(releases=[{"version": "0.9.0", "released": D(2025, 1, 1)}]),
        ),
        "curated/releases.csv: has no row 1.0.0,2026-01-01 (the version release.csv names); add the current "
        "version with its date: a new version gets its row in releases.csv too",
    ),
    (
        "action_under_priority",
        _set("priority_areas", 1, parent_id="security"),
        "curated/priority_areas.csv:3: column 'parent_id': a specialized action must hang under a priority; "
        "set parent_id to the priority's area_id",
    ),
    (
        "only_actions_have_parents",
        _set("priority_areas", 2, parent_id="ai"),
        "curated/priority_areas.csv:4: column 'parent_id': a cross_cutting has no parent; leave parent_id empty",
    ),
    (
        "reported_dated_by_source",
        _set("observations", 0, published=D(2026, 1, 16)),
        f"{OBS}:2: column 'published': 2026-01-16 differs from the source's date 2026-01-15; "
        "use the publication date of the source in sources.csv",
    ),
    (
        "actual_not_after_source",
        _set("observations", 1, as_of=D(2026, 4, 30)),
        f"{OBS}:3: column 'as_of': an actual figure is dated after its source was published; "
        "use the date the figure describes, or set status to target, forecast or estimate",
    ),
    (
        "unit_is_the_metric_unit",
        _set("observations", 0, unit="tb"),
        f"{OBS}:2: column 'unit': 'tb' differs from the metric's unit 'things'; "
        "convert the value to things (one unit per metric) and keep the source's words in evidence",
    ),
    (
        "period_starts_before_as_of",
        _set("observations", 0, period_start=D(2026, 1, 1)),
        f"{OBS}:2: column 'period_start': is after as_of; as_of is the end of the period",
    ),
    (
        "reported_has_evidence",
        _set("observations", 0, evidence=None),
        f"{OBS}:2: column 'evidence': a reported figure has no evidence; quote the source's words that state the figure",
    ),
    (
        "reported_has_no_formula",
        _set("observations", 1, formula="a / 2"),
        f"{OBS}:3: column 'formula': a reported figure has a formula; set kind to derived or clear formula",
    ),
    (
        "derived_has_formula",
        _set("observations", 2, formula=None),
        f"{OBS}:4: column 'formula': a derived figure has no formula; "
        "write the arithmetic over observation ids that gives the value",
    ),
    (
        "formula_is_arithmetic",
        _set("observations", 2, formula="a / (b - b)"),
        f"{OBS}:4: column 'formula': 'a / (b - b)' divides by zero; fix the formula",
    ),
    (
        "derived_value_is_formula_result",
        _set("observations", 2, value=3.0),
        f"{OBS}:4: column 'value': 3.0 differs from its formula's result 2.0; set value to 2.0",
    ),
    (
        "formula_not_circular",
        _set("observations", 2, formula="ratio * 1"),
        f"{OBS}:4: column 'formula': refers to itself; use other observations",
    ),
    (
        "derived_dated_by_latest_input",
        _set("observations", 2, published=D(2026, 1, 15)),
        f"{OBS}:4: column 'published': 2026-01-15 is not the date of its latest input (2026-03-01); "
        "a derived figure is published when the last of its inputs was",
    ),
    (
        "conflict_members_exist",
        _set("conflict_members", 1, member_id="zz"),
        "curated/conflict_members.csv:3: column 'member_id': 'zz' is not in observations.csv; "
        "use an id that exists in that table",
    ),
    (
        "probable_error_leaves_a_side_kept",
        _set("conflict_members", 0, assessment="probable_error"),
        "curated/conflict_members.csv:2: column 'assessment': every member of c is judged a probable error; keep "
        "the side the conflict's explanation trusts (assessment kept)",
    ),
    (
        "conflict_has_two_members",
        _drop("conflict_members", 1),
        "curated/conflicts.csv:2: column 'conflict_id': a conflict needs at least two members; "
        "add its rows to conflict_members.csv",
    ),
    (
        "event_ends_after_start",
        _set("events", 0, end=D(2025, 12, 31)),
        "curated/events.csv:2: column 'end': ends before it starts; check the dates",
    ),
    (
        "latitude_in_range",
        _set("places", 0, lat=-90.5),
        "curated/places.csv:2: column 'lat': -90.5 is not a latitude; use degrees north between -90 and 90",
    ),
    (
        "longitude_in_range",
        _set("places", 0, lon=180.5),
        "curated/places.csv:2: column 'lon': 180.5 is not a longitude; use degrees east between -180 and 180",
    ),
    (
        "quotes_are_short",
        _set("events", 0, evidence="字" * 51),
        "curated/events.csv:2: column 'evidence': quotes 26 words; quote at most 25 words",
    ),
    (
        "as_of_is_period_end",
        _set("observations", 1, as_of=D(2026, 3, 30)),
        f"{OBS}:3: column 'as_of': 2026-03-30 is not the end of its month; "
        "write 2026-03-31 (or a finer as_of_precision if the source dates it to the day)",
    ),
    (
        "publisher_names_who_said_it",
        _both(
            _set(
                "sources",
                0,
                reliability="republication",
                publisher="MIIT, via 203.86.80.142",
                publisher_zh="工信部，经镜像网站转载",
            )
        ),
        "curated/sources.csv:2: column 'publisher': names an IP address; name the original publisher and 'an "
        "unnamed mirror site'",
    ),
    (
        "chinese_original_names_its_source",
        _set("area_wordings", 0, zh_origin="original"),
        "curated/area_wordings.csv:2: column 'zh_source_id': the Chinese original in wording_zh names no source; "
        "name the Chinese source it quotes, or set zh_origin to translation",
    ),
    (
        "series_stock_never_falls",
        _series(("s1", 10.0, MARCH, "src_c"), ("s2", 9.0, JUNE, "src_c")),
        f"{OBS}:7: s is a stock but falls from 10 (2026-03-31, src_c) to 9 (2026-06-30, src_c); check that each "
        "is dated by the period it describes and counts the same thing (split the metric if not)"
        + REVIEW.format(key="stock_falls,s1;s2"),
    ),
    (
        "series_value_not_repeated_later",
        _series(("s1", 10.0, MARCH, "src_c"), ("s2", 10.0, JUNE, "src_d")),
        f"{OBS}:7: s has the same value at two dates from different sources: 10 (2026-03-31, src_c) and "
        "10 (2026-06-30, src_d); date the later one by the period it describes (it probably restates the "
        "earlier figure)" + REVIEW.format(key="same_value_later_date,s1;s2"),
    ),
    (
        "series_no_jump",
        _series(("s1", 10.0, MARCH, "src_c"), ("s2", 30.0, JUNE, "src_c")),
        f"{OBS}:7: s jumps x3 in under a year, from 10 (2026-03-31, src_c) to 30 (2026-06-30, src_c); check that "
        "both count the same thing by the same method (split the metric if not) and their dates"
        + REVIEW.format(key="jump,s1;s2"),
    ),
    (
        "actual_is_not_forecast",
        _series(("s1", 10.0, MARCH, "src_c"), evidence="预计达到10TB"),
        f"{OBS}:6: s1 is filed as actual but its evidence says '预计'; set status to forecast, target or estimate "
        "(or split off the metric of that method)" + REVIEW.format(key="status_words,s1"),
    ),
    (
        "series_reviews_current",
        _append("series_reviews", {"check": "jump", "obs_ids": "a;b", "reason": "why"}),
        "curated/series_reviews.csv:2: column 'obs_ids': the check jump no longer finds a;b; remove the row (the "
        "data changed), or copy the ids exactly as the check prints them",
    ),
    (
        "target_is_a_target",
        _set("observations", 3, status="forecast"),
        "curated/targets.csv:2: column 'obs_id': goal is a figure with status forecast, not a target; name an "
        "observation with status target, or set its status to target",
    ),
    (
        "every_target_has_its_row",
        _drop("targets", 0),
        f"{OBS}:5: column 'status': the target goal has no row in targets.csv; add it to targets.csv with the "
        "series that measures it (or why none), its document and its clause, verbatim",
    ),
    (
        "target_series_same_unit",
        _both(_append("metrics", {"metric_id": "volume", "unit": "tb"}), _set("targets", 0, series_metric_id="volume")),
        "curated/targets.csv:2: column 'series_metric_id': volume is counted in tb, the target in things; name a "
        "series in the target's unit, or leave series_metric_id empty and say why in series_note_en",
    ),
    (
        "target_series_same_scope",
        _both(
            _append("metrics", {"metric_id": "narrower", "unit": "things"}),
            _set("targets", 0, series_metric_id="narrower"),
        ),
        "curated/targets.csv:2: column 'series_metric_id': narrower counts another scope than the target's metric "
        "m; file the target under the series' metric if both count the same thing; else leave series_metric_id "
        "empty and say why in series_note_en",
    ),
    (
        "target_without_series_says_why",
        _set("targets", 0, series_metric_id=None, series_note_en=None, series_note_zh="没有统计"),
        "curated/targets.csv:2: column 'series_note_en': a target with no series does not say why; say why no "
        "actual series has the target's scope",
    ),
    (
        "target_clause_states_it",
        _set("targets", 0, clause="By 2027, it will build at least ten things"),
        "curated/targets.csv:2: column 'clause': does not contain the evidence 'at least 10 things'; quote the "
        "source's sentence that holds the evidence phrase, word for word",
    ),
]


def test_a_republication_names_who_said_it_and_the_host():
    data = clean()
    data["sources"][0] |= {
        "reliability": "republication",
        "publisher": "News page (from WeChat)",
        "publisher_zh": "新闻网页",
    }
    problems = [str(p) for p in check_integrity(curated(**data), SRC)]
    assert problems == [
        "curated/sources.csv:2: column 'publisher': 'News page (from WeChat)' does not name who said it and the host "
        "that carried it; write 'Original publisher, via host' (the original first)",
        "curated/sources.csv:2: column 'publisher_zh': '新闻网页' does not name who said it and the host that carried "
        "it; write '原发布者，经某网站转载'",
    ]
    data["sources"][0] |= {"publisher": "Xinhua, via fjsen.com", "publisher_zh": "新华社，经fjsen.com转载"}
    assert check_integrity(curated(**data), SRC) == []


def test_a_chinese_text_is_a_chinese_sources_words_or_our_translation():
    """An original quotes a Chinese-language source it names; our translation names no source."""
    data = clean()
    data["sources"].append({"source_id": "src_zh", "published": D(2026, 1, 15), "published_precision": "day"})
    data["sources"][-1]["language"] = "zh-Hans"
    data["sources"][0]["language"] = "en"
    data["area_wordings"] = [_wording(), _wording(wording_id="o", zh_origin="original", zh_source_id="src_zh")]
    assert check_integrity(curated(**data), SRC) == []
    data["area_wordings"] = [
        _wording(zh_source_id="src_zh"),
        _wording(wording_id="o", zh_origin="original", zh_source_id="src_a"),
    ]
    assert [str(p) for p in check_integrity(curated(**data), SRC)] == [
        "curated/area_wordings.csv:2: column 'zh_source_id': our translation names the source src_zh; clear "
        "zh_source_id, or set zh_origin to original if it quotes that source's words",
        "curated/area_wordings.csv:3: column 'zh_source_id': src_a is not in Chinese, so wording_zh cannot quote "
        "it; name the Chinese source it quotes, or set zh_origin to translation",
    ]


def test_a_reviewed_finding_passes():
    data = clean()
    _both(
        _series(("s1", 10.0, MARCH, "src_c"), ("s2", 30.0, JUNE, "src_c")),
        _append("series_reviews", {"check": "jump", "obs_ids": "s1;s2", "reason": "a new list doubled it"}),
    )(data)
    assert check_integrity(curated(**data), SRC) == []


def test_series_are_kept_apart_by_place_and_status():
    """A falling figure of another place, a target below the actual figure, or a flow (with a period) is
    no finding."""
    data = clean()
    _series(("s1", 10.0, MARCH, "src_c"), ("s2", 9.0, JUNE, "src_c"), place_id="p")(data)
    assert check_integrity(curated(**data), SRC) == []
    data = clean()
    _series(("s1", 10.0, MARCH, "src_c"), ("s2", 9.0, JUNE, "src_c"), status="target")(data)
    data["targets"].append(data["targets"][0] | {"obs_id": "s1", "series_metric_id": "s", "clause": "10 TB"})
    assert check_integrity(curated(**data), SRC) == []


def test_a_target_is_measured_by_the_series_of_its_own_place():
    """A target about one place measured against the national series is a different scope; a target without a
    series names no place."""
    data = clean()
    data["observations"][3]["place_id"] = "p"
    assert [str(p) for p in check_integrity(curated(**data), SRC)] == [
        "curated/targets.csv:2: column 'series_place_id': the series is about the whole country, the target about "
        "p; name the series of the target's own place"
    ]
    data["targets"][0]["series_place_id"] = "p"
    assert check_integrity(curated(**data), SRC) == []
    data["targets"][0] |= {"series_metric_id": None, "series_note_en": "None counts it.", "series_note_zh": "无"}
    assert [str(p) for p in check_integrity(curated(**data), SRC)] == [
        "curated/targets.csv:2: column 'series_place_id': names a place but no series; name the series, or clear "
        "the place"
    ]


def test_the_clean_set_passes_every_rule():
    assert check_integrity(curated(**clean()), SRC) == []


def test_every_rule_has_a_case():
    assert [c[0] for c in CASES] == list(RULES), "add a case for each rule, in the order they run"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_rejects_what_it_guards_naming_file_row_and_column(case):
    name, change, expected = case
    data = clean()
    change(data)
    tables = curated(**data)
    assert [str(p) for p in RULES[name].check(Curated(tables, SRC))] == [expected]
    assert [str(p) for p in check_integrity(tables, SRC)] == [expected], "only this rule should object"


def test_a_rule_is_skipped_when_a_table_it_needs_could_not_be_read():
    data = clean()
    data["observations"][0]["unit"] = "tb"  # would break unit_is_the_metric_unit, which needs metrics
    del data["metrics"]
    tables = curated(**data)
    assert check_integrity(tables, SRC) == []  # the missing file is reported by read_table, not here
    tables["metrics"] = curated(metrics=[{"metric_id": "m", "unit": "things"}])["metrics"]
    assert [p.column for p in check_integrity(tables, SRC)] == ["unit"]


def test_rule_names_are_unique():
    with pytest.raises(ValueError, match="already registered"):
        rule("unique_keys", "again")(lambda curated: [])


def test_every_rule_is_listed_in_the_data_dictionary():
    """`python -m dashboard.curation docs` writes the rules into datasets/README.md; each is listed there
    with its description, in the order `check` runs them."""
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    section = text[text.index(RULES_START) : text.index(RULES_END)]
    listed = re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", section, flags=re.M)
    assert listed == [(r.name, r.description) for r in RULES.values()], "run `python -m dashboard.curation docs`"


def test_every_rule_has_a_name_and_a_one_line_description():
    for r in RULES.values():
        assert re.fullmatch(r"[a-z][a-z_]*", r.name), r.name
        assert r.description.endswith(".") and "\n" not in r.description, r.name
        assert r.check.__name__ == r.name, f"name the function {r.name}, so that it is found by its rule's name"


def test_the_check_fails_on_the_defects_of_dataset_1_1_0(tmp_path):
    """The curated files as 1.1.0 had them in two places fail the check: the Qiushi platforms point dated by
    its publication (a stock that falls, a value repeated later) and an as_of on the first of its month."""
    import csv
    import shutil

    from dashboard.curation.read import CurationError
    from dashboard.curation.rules import load_curated

    folder = tmp_path / "curated"
    shutil.copytree(DATASETS / "curated", folder)
    path = folder / "observations.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["obs_id"] == "iip_platforms_20240222_qstheory_en_240222":
            row.update(as_of="2024-02-22", as_of_precision="day")
        if row["obs_id"] == "adv_mfg_clusters_20241201_zjfz_2412":
            row.update(as_of="2024-12-01", as_of_precision="month")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    load_curated(DATASETS / "curated")  # the shipped files pass
    with pytest.raises(CurationError) as failed:
        load_curated(folder)
    problems = [str(p) for p in failed.value.problems]
    assert any("iip_platforms is a stock but falls from 340" in p for p in problems), problems
    assert any("2024-12-01 is not the end of its month" in p for p in problems), problems
