"""Figure cards: the change chip, the sparkline and the one line of provenance say only what the data
proves. Unit tests on small synthetic frames, then every card of the shipped data parsed back."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import charts, figures, models, views
from dashboard.formatting import format_date, number_text, said_by
from dashboard.i18n import LANGS
from dashboard.safe import md
from dashboard.schema import Qualifier, UnitKind
from tests import factories as f


def _pair(before: float, after: float, *, unit: str = "things", q0: str = "exact", q1: str = "exact"):
    units = [f.unit("percent", kind="percent")] if unit == "percent" else []
    rows = f.view_of(
        [
            f.obs("a", "m", before, "2024-06-30", qualifier=q0, unit=unit, precision="day"),
            f.obs("b", "m", after, "2025-12-31", qualifier=q1, unit=unit, precision="day"),
        ],
        [f.metric("m", unit)],
        units=units,
    )
    return rows.iloc[0], rows.iloc[1]


def test_a_chip_gives_growth_only_between_exact_or_approximate_figures():
    previous, latest = _pair(40, 50)
    assert models.change_text(previous, latest, "en", with_unit=True) == "+25% since Jun 2024"
    assert models.change_text(previous, latest, "zh", with_unit=True) == "较2024年6月+25%"
    previous, latest = _pair(50, 40)
    assert models.change_text(previous, latest, "en", with_unit=True) == "−20% since Jun 2024"
    previous, latest = _pair(35_000, 100_000, q0="more_than", q1="more_than")
    chip = models.change_text(previous, latest, "en", with_unit=True)
    assert chip.startswith("from 35,000+") and "%" not in chip, "a bound gives no growth rate"
    previous, latest = _pair(421, 421)
    assert models.change_text(previous, latest, "en", with_unit=True) == "unchanged since Jun 2024"
    previous, latest = _pair(100, 130, q0="about")
    assert models.change_text(previous, latest, "en", with_unit=True) == "about +30% since Jun 2024"


def test_a_percentage_changes_by_points():
    previous, latest = _pair(66.2, 68.6, unit="percent")
    assert models.change_text(previous, latest, "en", with_unit=True) == "+2.4 pts since Jun 2024"


def _circles(svg: str) -> list[tuple[float, float, float, str]]:
    return [
        (float(x), float(y), float(r), fill)
        for x, y, r, fill in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="(#\w+)"', svg)
    ]


def test_a_sparkline_places_points_by_date_from_zero():
    svg = charts.sparkline_svg((0, 100, 1000), (10, 20, 40), (False, True, False), "light")
    dots = _circles(svg)
    assert len(dots) == 3
    xs = [d[0] for d in dots]
    assert (xs[1] - xs[0]) * 9 == pytest.approx(xs[2] - xs[1], rel=0.01), "x is proportional to the date"
    base = float(re.search(r'<line x1="[\d.]+" y1="([\d.]+)"', svg).group(1))
    # y from zero: 10 is a quarter of the way from the zero line to 40
    assert (base - dots[0][1]) * 4 == pytest.approx(base - dots[2][1], rel=0.01)
    assert dots[1][3] != dots[0][3], "a bound is drawn hollow"
    assert dots[2][2] > dots[0][2], "the last point, the card's value, is larger"
    assert not re.search(r"<text", svg), "no text reaches the picture"
    with pytest.raises(ValueError):
        charts.sparkline_svg((0,), (1,), (False,), "light")


def _growth(previous: pd.Series, latest: pd.Series) -> str | None:
    """What the chip may say of growth, recomputed from the two reports."""
    growing = {previous["qualifier"], latest["qualifier"]} <= {Qualifier.EXACT, Qualifier.ABOUT}
    if not growing or previous["value"] == latest["value"]:
        return None
    if latest["unit_kind"] == UnitKind.PERCENT:
        return f"{abs(round(latest['value'] - previous['value'], 1)):g} pts"
    if latest["unit_kind"] in charts.GROWTH_KINDS:
        return number_text(abs(latest["value"] / previous["value"] - 1) * 100, "en", derived=True) + "%"
    return None


def _card_metrics() -> list[str]:
    view = figures.observation_view()
    return sorted(view.metric_id.unique())


@pytest.mark.parametrize("lang", LANGS)
def test_every_card_of_the_shipped_data_says_what_its_reports_prove(lang):
    checked = {"growth": 0, "spark": 0}
    for metric_id in _card_metrics():
        card = models.kpi(metric_id, lang)
        found = models.reports(metric_id)
        latest, previous = found["latest"], found["previous"]
        if card is None:
            continue
        assert ", via " not in card.line and "，经" not in card.line, "the card's line names who said it, not the host"
        if lang == "en" and latest["kind"] == "reported":
            assert md(said_by(latest["publisher"])) in card.line
        if card.delta and lang == "en":
            growth = _growth(previous, latest)
            since = format_date(
                previous["as_of"],
                "month" if previous["as_of_precision"] == "day" else previous["as_of_precision"],
                "en",
            )
            assert card.delta.endswith(f" ({since})") or card.delta.endswith(f"since {since}"), card.delta
            if growth is not None:
                assert growth in card.delta and "from" not in card.delta, (metric_id, card.delta, growth)
                sign = "+" if latest["value"] > previous["value"] else "−"
                assert sign + growth in card.delta, (metric_id, card.delta)
                checked["growth"] += 1
            else:
                assert not re.search(r"[+−][\d.,]+(%| pts) since", card.delta), (metric_id, card.delta)
        if card.spark is not None:
            rows = views.metric_rows(figures.metric_view(metric_id), metric_id)
            headline = views.headline_row(rows)
            assert card.spark.values[-1] == headline["value"] == latest["value"], metric_id
            assert list(card.spark.days) == sorted(set(card.spark.days)), "one point per date, in date order"
            assert len(card.spark.values) == views.sentence_pool(rows).as_of.nunique()
            checked["spark"] += 1
    assert checked["spark"] >= 10 and (lang != "en" or checked["growth"] >= 3), checked


def test_a_sparkline_takes_the_headline_rules_pick_on_each_date():
    rows = f.view_of(
        [
            f.obs("a", "m", 10, "2023-12-31"),
            f.obs("b", "m", 25, "2024-12-31", source_id="src_b"),  # medium grade
            f.obs("c", "m", 20, "2024-12-31", source_id="src_a"),  # high grade, same date: the headline
            f.obs("d", "m", 90, "2025-12-31", source_id="src_low"),  # low grade: not in the pool
        ]
    )
    spark = models._spark(views.metric_rows(rows, "m"), "en")
    assert spark is not None and spark.values == (10.0, 20.0)
    assert spark.values[-1] == views.headline_row(views.metric_rows(rows, "m"))["value"]
    assert spark.span == "2023 – 2024"
