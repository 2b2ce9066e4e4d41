"""Where a target stands (dashboard/targets.py), on small synthetic frames: one case per status and per
combination of bounds, each stating the rule it checks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import targets
from dashboard.schema import TargetReason, TargetStatus
from tests import factories as f

TODAY = "2026-12-04"


def reports(*points: tuple[float, str, str]) -> pd.DataFrame:
    """(value, qualifier, as_of) per report, ids r0, r1, ..."""
    return pd.DataFrame(
        [
            {"obs_id": f"r{i}", "value": float(v), "qualifier": q, "as_of": pd.Timestamp(d)}
            for i, (v, q, d) in enumerate(points)
        ],
        columns=["obs_id", "value", "qualifier", "as_of"],
    )


def assess(points, target=300.0, qualifier="at_least", deadline="2027-12-31", kind="compute"):
    return targets.assess(target, qualifier, deadline, reports(*points), kind, TODAY)


# A figure against a target, with both their qualifiers -------------------------------------------------

MEETS = [
    # (figure, its qualifier, target qualifier, target 300 or 1.3 for ceilings, verdict)
    (300, "exact", "at_least", 300, True),
    (300, "exact", "exact", 300, True),  # "reach 300"
    (300, "exact", "more_than", 300, False),  # 300 is not more than 300
    (280, "exact", "at_least", 300, False),
    (300, "more_than", "more_than", 300, True),
    (300, "at_least", "more_than", 300, None),  # could be exactly 300
    (280, "more_than", "at_least", 300, None),  # "more than 280" is no proof of 300: not met
    (320, "more_than", "at_least", 300, True),  # a lower bound above the target: met
    (300, "at_least", "at_least", 300, True),
    (300, "about", "at_least", 300, None),  # "about 300" may be 298
    (310, "about", "at_least", 300, True),
    (290, "about", "at_least", 300, False),
    (300, "nearly", "at_least", 300, False),  # just under 300
    (310, "nearly", "at_least", 300, None),
    (300, "less_than", "exact", 300, False),
    (300, "at_most", "exact", 300, None),
    (400, "indicative", "at_least", 300, None),
    (1.25, "exact", "less_than", 1.3, True),  # a ceiling
    (1.3, "exact", "less_than", 1.3, False),
    (1.3, "exact", "at_most", 1.3, True),
    (1.3, "less_than", "less_than", 1.3, True),
    (1.4, "less_than", "at_most", 1.3, None),
    (1.35, "more_than", "at_most", 1.3, False),
]


@pytest.mark.parametrize(("value", "qualifier", "target_qualifier", "target", "verdict"), MEETS)
def test_a_figure_meets_a_target_only_when_every_value_its_bounds_allow_does(
    value, qualifier, target_qualifier, target, verdict
):
    assert targets.meets(value, qualifier, target, target_qualifier) is verdict


# Rates --------------------------------------------------------------------------------------------------


def test_the_growth_needed_and_achieved_are_compound_yearly_rates_as_wide_as_their_bounds():
    need = targets.needed(280, "exact", 300, 1.0)
    assert need.point and math.isclose(need.lo, 300 / 280 - 1)
    bound = targets.needed(340, "more_than", 450, 2.0)  # more than 340: at most this much is needed
    assert bound.lo == -1.0 and math.isclose(bound.hi, (450 / 340) ** 0.5 - 1)
    done = targets.achieved((180, "exact"), (280, "exact"), 2.0)
    assert done.point and math.isclose(done.lo, (280 / 180) ** 0.5 - 1)
    up = targets.achieved((180, "exact"), (280, "more_than"), 2.0)  # at least
    assert math.isclose(up.lo, (280 / 180) ** 0.5 - 1) and up.hi == math.inf
    down = targets.achieved((180, "more_than"), (280, "exact"), 2.0)  # at most
    assert down.lo == -1.0 and math.isclose(down.hi, (280 / 180) ** 0.5 - 1)
    neither = targets.achieved((180, "more_than"), (280, "more_than"), 2.0)
    assert (neither.lo, neither.hi) == (-1.0, math.inf)
    share = targets.progress(280, "more_than", 300)
    assert math.isclose(share.lo, 280 / 300) and share.hi == math.inf


# One status per case ----------------------------------------------------------------------------------


def test_no_series_is_not_measurable():
    found = targets.assess(300, "at_least", "2027-12-31", None, "compute", TODAY)
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.NO_SERIES)


def test_a_series_without_reports_is_not_measurable():
    found = assess([])
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.NO_REPORTS)


def test_met_by_an_exact_figure_before_the_deadline():
    found = assess([(250, "exact", "2024-12-31"), (305, "exact", "2025-12-31")])
    assert (found.status, found.decisive, found.reason) == (TargetStatus.MET, "r1", None)


def test_met_by_a_lower_bound_above_the_target():
    found = assess([(320, "more_than", "2025-12-31")])
    assert found.status == TargetStatus.MET


def test_a_lower_bound_below_the_target_is_not_met_but_can_be_on_track():
    """'More than 280' against 'at least 300': not met; the growth from an exact 200 two years before is at
    least 18 % a year, more than the at most 7 % a year still needed."""
    found = assess([(200, "exact", "2023-12-31"), (280, "more_than", "2025-12-31")], deadline="2026-12-31")
    assert found.status == TargetStatus.ON_TRACK
    assert found.achieved.lo > found.needed.hi


def test_equal_to_a_more_than_target_at_the_deadline_is_missed():
    found = assess(
        [(250, "exact", "2024-12-31"), (300, "exact", "2025-12-31")], qualifier="more_than", deadline="2025-12-31"
    )
    assert (found.status, found.decisive) == (TargetStatus.MISSED, "r1")


def test_missed_when_a_report_after_the_deadline_falls_short():
    found = assess([(250, "exact", "2024-12-31"), (290, "exact", "2026-06-30")], deadline="2025-12-31")
    assert (found.status, found.decisive) == (TargetStatus.MISSED, "r1")


def test_reached_only_after_the_deadline_is_not_measurable():
    found = assess([(250, "exact", "2024-12-31"), (310, "exact", "2026-06-30")], deadline="2025-12-31")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.MET_LATE)


def test_a_bound_after_the_deadline_that_cannot_decide_is_not_measurable():
    found = assess([(250, "exact", "2024-12-31"), (290, "more_than", "2026-06-30")], deadline="2025-12-31")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.BOUNDS)


def test_on_track_when_the_growth_achieved_exceeds_the_growth_needed():
    found = assess([(180, "exact", "2022-12-31"), (280, "exact", "2024-12-31")], deadline="2025-12-31")
    assert (found.status, found.reason, found.earlier) == (TargetStatus.ON_TRACK, TargetReason.AWAITING, "r0")
    years = targets.years_between("2022-12-31", "2024-12-31")
    assert math.isclose(found.achieved.lo, (280 / 180) ** (1 / years) - 1)
    assert math.isclose(found.needed.hi, (300 / 280) ** (1 / found.years_left) - 1)


def test_behind_when_the_growth_achieved_falls_short_of_the_growth_needed():
    """The big data industry's case: 1.3 (2021) to 1.57 (2022) is 21 % a year; 3 by 2025 needs 24 %."""
    found = assess(
        [(1.0, "more_than", "2020-12-31"), (1.3, "exact", "2021-12-31"), (1.57, "exact", "2022-12-31")],
        target=3.0,
        qualifier="more_than",
        deadline="2025-12-31",
        kind="money",
    )
    assert (found.status, found.earlier) == (TargetStatus.BEHIND, "r1")  # the earliest exact figure in the window
    assert found.achieved.hi < found.needed.lo
    assert found.reason == TargetReason.AWAITING  # the deadline passed with no report since


def test_not_yet_due_has_no_reason():
    found = assess([(180, "exact", "2024-12-31"), (280, "exact", "2026-06-30")], deadline="2027-12-31")
    assert (found.status, found.reason) == (TargetStatus.ON_TRACK, None)


def test_two_lower_bounds_cannot_give_a_pace():
    found = assess([(240, "more_than", "2023-06-30"), (280, "more_than", "2025-06-30")], deadline="2028-12-31")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.BOUNDS)


def test_a_lower_bound_whose_pace_is_not_decisive_is_not_measurable():
    """More than 200 after an exact 190 a year before: at least 5 % a year achieved, at most 50 % needed."""
    found = assess([(190, "exact", "2024-12-31"), (200, "more_than", "2025-12-31")], deadline="2026-12-31")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.BOUNDS)


def test_one_report_gives_no_pace():
    found = assess([(66, "more_than", "2025-08-06")], target=100, qualifier="exact", deadline="2025-12-31")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.NO_EARLIER)
    assert found.needed is not None and found.achieved is None


def test_reports_too_close_or_too_old_give_no_pace():
    close = assess([(250, "exact", "2025-09-30"), (280, "exact", "2025-12-31")])
    old = assess([(100, "exact", "2020-12-31"), (280, "exact", "2025-12-31")])
    assert close.reason == old.reason == TargetReason.NO_EARLIER


def test_a_percentage_has_no_growth_rate():
    found = assess([(8, "exact", "2023-12-31"), (9, "exact", "2024-12-31")], target=10, kind="percent")
    assert (found.status, found.reason) == (TargetStatus.NOT_MEASURABLE, TargetReason.NO_PACE)


@pytest.mark.parametrize(("latest", "status"), [(1.4, TargetStatus.ON_TRACK), (1.48, TargetStatus.BEHIND)])
def test_a_ceiling_is_on_track_when_the_figure_falls_fast_enough(latest, status):
    found = assess(
        [(1.5, "exact", "2024-12-31"), (latest, "exact", "2025-12-31")],
        target=1.3,
        qualifier="less_than",
        deadline="2027-12-31",
    )
    assert found.status == status


def test_one_report_per_date_prefers_an_exact_figure_to_a_bound():
    found = assess(
        [
            (1.0, "more_than", "2020-12-31"),
            (1.3, "more_than", "2021-12-31"),
            (1.3, "exact", "2021-12-31"),
            (1.57, "exact", "2022-12-31"),
        ],
        target=3.0,
        qualifier="more_than",
        deadline="2025-12-31",
        kind="money",
    )
    assert found.earlier == "r2" and found.status == TargetStatus.BEHIND


def test_a_series_is_one_metric_about_one_place_and_its_actual_reports_only():
    rows = f.view_of(
        [
            f.obs("n1", "m", 10, "2024-12-31"),
            f.obs("p1", "m", 5, "2024-12-31", place_id="alpha"),
            f.obs("t", "m", 30, "2027-12-31", status="target"),
            f.obs("slip", "m", 99, "2025-12-31", source_id="src_b"),
        ],
        conflicts={"c": ["n1", "slip"]},
        probable_errors=["slip"],
    )
    assert list(targets.series_reports(rows, "m", None).obs_id) == ["n1"]
    assert list(targets.series_reports(rows, "m", "alpha").obs_id) == ["p1"]


# On the shipped data -------------------------------------------------------------------------------------


def test_every_shipped_target_is_judged_in_the_download_columns():
    from dashboard import figures
    from dashboard.data import load_table
    from dashboard.schema import TARGET_DOWNLOAD

    view = figures.observation_view()
    frame = targets.table(load_table("targets"), view, targets.release_day(load_table("release")))
    assert list(frame.columns) == TARGET_DOWNLOAD.column_names
    assert sorted(frame.target_id) == sorted(view.loc[view.status == "target", "obs_id"])
    assert set(frame.status) <= set(TargetStatus)
    # on track and behind rest on the latest report and a pace; met and missed on the report that decides them
    paced = frame[frame.status.isin([TargetStatus.ON_TRACK, TargetStatus.BEHIND])]
    assert paced.latest_obs_id.notna().all() and paced.needed_high.notna().all() and paced.achieved_low.notna().all()
    decided = frame[frame.status.isin([TargetStatus.MET, TargetStatus.MISSED])]
    assert decided.decisive_obs_id.notna().all()
    assert dict(frame.status.value_counts()) == {"not_measurable": 21, "met": 2, "on_track": 1, "behind": 1}
    # a target with no series says why, and is never judged
    none = frame[frame.series_metric_id.isna()]
    assert (none.reason == TargetReason.NO_SERIES).all() and none.series_note_en.notna().all()


def test_the_rule_of_every_status_is_written_in_both_languages():
    from dashboard.data import load_table
    from dashboard.methods import target_method, target_rules

    for lang in ("en", "zh"):
        rules = target_rules(lang)
        assert len(rules) == len(TargetStatus) and rules.iloc[:, 1].str.len().min() > 20
        text = target_method(load_table("release"), lang)
        assert "3" in text and "6" in text and "2026" in text
