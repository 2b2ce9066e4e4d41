"""What the dashboard says is checked against the data (issue 20): every chart title and summary that the
pages, slides and the explorer's first view generate is parsed back, and each number and date it states is
found in one series.

- "X went from A (d1) to B (d2, who)": A and B are actual reports of the one metric X (national), d1 strictly
  before d2, B the headline (no newer medium- or high-grade report of X), A the earliest; a growth clause
  matches the two values.
- "X: V as of D" in a title: V at D is the headline of X.
- A bar chart's caption "the N with the most figures" draws N indicators that have more figures than any
  left out.

Run on the shipped data and (slow) on bench/scale.py's 10x data.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import pandas as pd
import pytest

from dashboard import charts, explorer, figures, targets, views, warmup
from dashboard.formatting import format_date
from dashboard.i18n import LANGS, pick
from dashboard.schema import Grade, ObservationKind, Status

SERIES = {
    "en": re.compile(
        r"^(?P<name>.+?) went from (?P<first>.+?) \((?P<first_when>[^()]+)\) to (?P<last>.+?) "
        r"\((?P<last_when>[^,()]+), (?P<who>.+)\)(?:: (?P<growth>[^.]+(?:\.\d[^.]*)*))?(?:, across \d+ reports)?\.$"
    ),
    "zh": re.compile(
        r"^(?P<name>.+?)从(?P<first_when>.+?)的(?P<first>.+?)变为(?P<last_when>.+?)的(?P<last>.+?)"
        r"（(?P<who>.+)）(?:，共\d+条报告)?(?:，(?P<growth>[^。）]+))?。?$"
    ),
}
TITLE = {
    "en": re.compile(r"^(?P<name>.+?): (?P<value>.+?) (?:as of|in) (?P<when>[^:]+)$"),
    "zh": re.compile(r"^(?P<name>.+?)：(?:截至)?(?P<when>.+?)为(?P<value>.+)$"),
}
WEAK = {  # a sentence whose headline rests on low-grade sources says so, in one of these words
    "en": (", a low-reliability source", "; low-reliability sources only"),
    "zh": ("，可信度低的来源", "；均来自可信度低的来源"),
}


def sentences(text: str, lang: str) -> list[str]:
    if lang == "zh":
        return [s + "。" for s in text.split("。") if s.strip()]
    return [s.strip() for s in re.split(r"(?<=\.) (?=[A-Z])", text) if s.strip()]


def title_text(chart) -> str:
    title = chart.figure.layout.title.text or ""
    title = re.sub(r"<br\s*/?>", " ", title)
    return html.unescape(re.sub(r"<[^>]+>", "", title)).strip()


@dataclass
class Checked:
    series: int = 0
    titles: int = 0


class Statements:
    """The observation view, indexed by metric name, to find what a sentence names."""

    def __init__(self, view: pd.DataFrame):
        self.view = views.national(view)
        self.by_name = {
            lang: {pick(r, "name", lang): r["metric_id"] for _, r in view.drop_duplicates("metric_id").iterrows()}
            for lang in LANGS
        }

    def actual(self, metric_id: str) -> pd.DataFrame:
        rows = self.view[self.view.metric_id == metric_id]
        return rows[(rows.status == Status.ACTUAL) & (rows.kind == ObservationKind.REPORTED)]

    def find(self, rows: pd.DataFrame, value: str, when: str, lang: str, *, long: bool) -> pd.DataFrame:
        found = [
            i
            for i, r in rows.iterrows()
            if charts.value_text(r, lang, long=long) == value
            and format_date(r["as_of"], r["as_of_precision"], lang) == when
        ]
        return rows.loc[found]

    def newest_trusted(self, rows: pd.DataFrame):
        trusted = rows[rows.grade != Grade.LOW]
        return (trusted if len(trusted) else rows).as_of.max()

    def earliest_usable(self, rows: pd.DataFrame, before) -> pd.Timestamp:
        """The first date a sentence may start from: of the reports no conflict judges a probable slip, the
        medium- and high-grade ones (the low-grade ones when there are no others), dated before `before`."""
        sound = rows[~rows.probable_error]
        trusted = sound[sound.grade != Grade.LOW]
        pool = trusted if len(trusted) else sound
        return pool[pool.as_of < before].as_of.min()

    def check_series_sentence(self, sentence: str, lang: str, where: str) -> bool:
        found = SERIES[lang].match(sentence)
        if not found:
            assert " went from " not in sentence and "变为" not in sentence, f"{where}: unparsed: {sentence}"
            return False
        name = found["name"]
        assert name in self.by_name[lang], f"{where}: '{name}' is not one indicator: {sentence}"
        rows = self.actual(self.by_name[lang][name])
        first = self.find(rows, found["first"], found["first_when"], lang, long=True)
        last = self.find(rows, found["last"], found["last_when"], lang, long=True)
        assert len(first) and len(last), f"{where}: a value is not an actual report of {name}: {sentence}"
        a, b = first.iloc[0], last.iloc[0]
        assert a["as_of"] < b["as_of"], f"{where}: 'went from' needs an earlier first date: {sentence}"
        earliest = self.earliest_usable(rows, b["as_of"])
        assert a["as_of"] == earliest, f"{where}: 'went from' skips an earlier report ({earliest:%Y-%m-%d}): {sentence}"
        weak = any(marker in sentence for marker in WEAK[lang])
        if not weak:
            assert (last.grade != Grade.LOW).any(), f"{where}: a low-grade headline is not said to be: {sentence}"
        assert b["as_of"] == self.newest_trusted(rows), f"{where}: a newer trusted report is skipped: {sentence}"
        if found["growth"]:
            self.check_growth(found["growth"], a, b, lang, f"{where}: {sentence}")
        return True

    def check_growth(self, growth: str, a, b, lang: str, where: str) -> None:
        numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", growth)]
        first, last = float(a["value"]), float(b["value"])
        years = (b["as_of"] - a["as_of"]).days / 365.25
        if "percentage points" in growth or "百分点" in growth:
            assert math.isclose(numbers[0], round(abs(last - first), 1), abs_tol=0.051), where
            assert ("up" in growth or "上升" in growth) == (last > first), where
        elif "times as much" in growth or "倍" in growth:
            ratio, rate = numbers
            assert math.isclose(ratio, last / first, rel_tol=0.006), where
            assert math.isclose(rate, ((last / first) ** (1 / years) - 1) * 100, rel_tol=0.006), where
        elif "a year" in growth or "年均" in growth:
            rate = ((last / first) ** (1 / years) - 1) * 100
            assert math.isclose(numbers[0], abs(rate), rel_tol=0.006, abs_tol=0.006), where
        else:
            change = (last / first - 1) * 100
            assert math.isclose(numbers[0], abs(change), rel_tol=0.006, abs_tol=0.006), where
            assert years < 1, f"growth over a year or more is given per year: {where}"

    def check_title(self, title: str, lang: str, where: str) -> bool:
        found = TITLE[lang].match(title)
        if not found or found["name"] not in self.by_name[lang]:
            return False
        rows = self.actual(self.by_name[lang][found["name"]])
        if rows.empty:
            return False
        hits = self.find(rows, found["value"], found["when"], lang, long=False)
        assert len(hits), f"{where}: the title's figure is not a report of {found['name']}: {title}"
        assert hits.as_of.max() == self.newest_trusted(rows), f"{where}: the title skips a newer report: {title}"
        return True

    def check_chart(self, chart, lang: str, counted: Checked) -> None:
        where = chart.key
        for sentence in sentences(chart.summary or "", lang):
            counted.series += self.check_series_sentence(sentence, lang, where)
        counted.titles += self.check_title(title_text(chart), lang, where)


def built_charts(lang: str) -> list:
    return warmup.warm(lang, "light")


def check_everything(lang: str) -> Checked:
    """Check every chart built for the pages, slides and the explorer's first view; fail with every false
    statement found (not only the first)."""
    statements = Statements(figures.observation_view())
    counted = Checked()
    false: list[str] = []
    seen = set()
    for chart in built_charts(lang):
        if chart.key in seen:
            continue
        seen.add(chart.key)
        try:
            statements.check_chart(chart, lang, counted)
        except AssertionError as err:
            false.append(str(err).splitlines()[0])
    assert not false, "\n".join(false)
    return counted


@pytest.mark.parametrize("lang", LANGS)
def test_every_sentence_and_title_on_the_shipped_data_holds(lang):
    counted = check_everything(lang)
    assert counted.series >= 20 and counted.titles >= 20, counted  # the parser found what it checks


def test_the_checks_catch_the_old_sentences():
    """The sentences the audit found false (issue 20) are rejected: two figures of one date, two indicators
    in one sentence, a stale headline."""
    statements = Statements(figures.observation_view())
    with pytest.raises(AssertionError, match="earlier first date"):
        statements.check_series_sentence(
            "Cross-border e-commerce imports and exports (full year) went from 2.38 trillion yuan (2023) to "
            "2.37 trillion yuan (2023, Xinhua).",
            "en",
            "old",
        )
    with pytest.raises(AssertionError, match="not an actual report"):
        statements.check_series_sentence(
            "Key process control rate of key industrial enterprises went from 72.1% (Sep 2020) to 68.6% "
            "(31 Dec 2025, Someone).",
            "en",
            "old",
        )
    with pytest.raises(AssertionError, match="skips a newer report"):
        statements.check_title("Gigabit broadband users: 34,560,000 users as of 31 Dec 2021", "en", "old")


@pytest.mark.parametrize("lang", LANGS)
def test_a_bar_caption_names_the_indicators_with_the_most_figures(lang):
    view = figures.observation_view()
    areas = figures.load_table("priority_areas")
    for query in ("annotation", "", "data"):
        filters = explorer.Filters(q=query)
        rows = explorer.apply(view, filters, areas)
        plan = explorer.chart_plan(rows, filters, "bar", explorer.MAX_CHART_METRICS)
        if plan.limited_from is None:
            continue
        counts = views.national(rows).groupby("metric_id").size()
        drawn = {m for m, _ in plan.groups}
        left_out = counts[~counts.index.isin(drawn)]
        caption = explorer.chart_limit_caption(plan, lang)
        if plan.ranked_by_count:
            assert counts[list(drawn)].min() > left_out.max(), caption
        else:
            assert "indicators with the most figures of" not in caption and "数据最多的" not in caption, caption


# On small synthetic frames --------------------------------------------------------------------------


def _lines(chart) -> list[tuple]:
    """(x, y) of every line the chart draws."""
    return [tuple(zip(tr.x, tr.y, strict=True)) for tr in chart.figure.data if tr.mode == "lines"]


def test_a_line_joins_one_series_only():
    """Two metrics and a target share a chart, never a line; a place's figure is drawn by place, not on the
    national line."""
    from tests import factories as f

    rows = f.view_of(
        [
            f.obs("a1", "m_a", 10, "2023-12-31"),
            f.obs("a2", "m_a", 20, "2024-12-31"),
            f.obs("b1", "m_b", 15, "2023-12-31"),
            f.obs("b2", "m_b", 30, "2024-12-31"),
            f.obs("t", "m_a", 99, "2026-12-31", status="target"),
            f.obs("p", "m_a", 5, "2025-12-31", place_id="alpha"),
        ]
    )
    chart = charts.series_chart(views.metric_rows(rows, ("m_a", "m_b")), "en", "light", key="k")
    lines = _lines(chart)
    assert len(lines) == 2
    points = {(r["as_of"].year, float(r["value"])): r["metric_id"] for _, r in rows.iterrows()}
    for line in lines:
        assert len({points[(int(x), float(y))] for x, y in line}) == 1, "a line mixes two series"
        assert all(float(y) != 99 for _, y in line), "a target is on the actual line"
        assert all(float(y) != 5 for _, y in line), "a place's figure is on the national line"


def test_a_headline_never_skips_a_newer_medium_grade_report():
    from tests import factories as f

    rows = f.view_of(
        [
            f.obs("old", "m", 10, "2021-12-31", source_id="src_a"),  # high grade, old
            f.obs("new", "m", 30, "2024-12-31", source_id="src_b"),  # medium grade, newer
            f.obs("weak", "m", 40, "2025-12-31", source_id="src_low"),  # low grade, newest
        ]
    )
    assert views.headline_row(rows)["obs_id"] == "new"
    chart = charts.series_chart(views.metric_rows(rows, "m"), "en", "light", key="k")
    assert title_text(chart).endswith("30 things in 2024")
    assert "went from 10 things (2021) to 30 things (2024, Publisher src_b)" in chart.summary
    only_weak = rows[rows.obs_id == "weak"]
    assert views.headline_row(only_weak)["obs_id"] == "weak"
    assert ", a low-reliability source" in charts.series_sentence(only_weak, "en")
    weak_pair = rows[rows.obs_id != "new"].assign(grade="low", grade_rank=2)
    assert "(2025, Publisher src_low; low-reliability sources only)" in charts.series_sentence(weak_pair, "en")


def test_a_reported_figure_headlines_over_the_figure_we_derived_for_the_same_date():
    from tests import factories as f

    rows = f.view_of(
        [
            f.obs("said", "m", 1000, "2026-03-24", qualifier="more_than"),
            f.obs("ours", "m", 1400, "2026-03-24", qualifier="more_than", kind="derived", formula="a / b"),
        ]
    )
    assert views.headline_row(rows)["obs_id"] == "said"
    assert views.latest_reports(rows, "m")["latest"]["obs_id"] == "said"
    assert views.latest_of_each(rows).loc["m", "obs_id"] == "said"


def test_a_figure_a_conflict_judges_a_probable_slip_never_headlines():
    """The figures article's "more than tenfold" (dated after the "more than 1,000-fold" report) stays in
    the data and on its conflict's chart, but no card, title, sentence or sparkline takes it."""
    from tests import factories as f

    rows = f.view_of(
        [
            f.obs("fold1000", "m", 1000, "2026-03-24", qualifier="more_than", source_id="src_b"),
            f.obs("tenfold", "m", 10, "2026-03-31", qualifier="more_than", source_id="src_a"),
        ],
        conflicts={"growth": ["fold1000", "tenfold"]},
        probable_errors=["tenfold"],
    )
    assert rows.set_index("obs_id").probable_error.to_dict() == {"fold1000": False, "tenfold": True}
    assert views.headline_row(rows)["obs_id"] == "fold1000"
    assert views.latest_reports(rows, "m")["latest"]["obs_id"] == "fold1000"
    assert views.latest_of_each(rows).loc["m", "obs_id"] == "fold1000"
    chart = charts.series_chart(views.metric_rows(rows, "m"), "en", "light", key="k")
    assert "1,000+" in title_text(chart) and "10+" not in title_text(chart).replace("1,0", "")
    only_slip = rows[rows.obs_id == "tenfold"]
    assert views.headline_row(only_slip)["obs_id"] == "tenfold", "a series with nothing else still has a headline"


def test_no_went_from_between_two_figures_of_one_date():
    from tests import factories as f

    rows = f.view_of([f.obs("a", "m", 2.38, "2023-12-31", source_id="src_a"), f.obs("b", "m", 2.37, "2023-12-31")])
    sentence = charts.series_sentence(rows, "en")
    assert "went from" not in sentence and "2023" in sentence


def test_growth_is_stated_only_where_the_figures_allow_it():
    from tests import factories as f

    exact = f.view_of([f.obs("a", "m", 100, "2020-12-31"), f.obs("b", "m", 400, "2024-12-31")])
    assert "4 times as much, 41.4% a year" in charts.series_sentence(exact, "en")
    bound = f.view_of([f.obs("a", "m", 100, "2020-12-31"), f.obs("b", "m", 400, "2024-12-31", qualifier="more_than")])
    assert "times" not in charts.series_sentence(bound, "en") and "%" not in charts.series_sentence(bound, "en")


# On ten times the data (bench/scale.py) ------------------------------------------------------------


@pytest.fixture(scope="module")
def grown_ten(tmp_path_factory):
    from bench import scale

    folder, _ = scale.build(10, tmp_path_factory.mktemp("grown10"))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_sentence_and_title_on_ten_times_the_data_holds(lang, grown_ten, served):
    from dashboard.ui import startup

    startup.ensure()  # on the shipped data, as a server does before it takes traffic
    served(grown_ten)
    counted = check_everything(lang)
    assert counted.series >= 20 and counted.titles >= 20, counted


# Targets (issue 25): every sentence on a target, parsed back against the data -------------------------------

TARGET = {
    "en": re.compile(
        r"^(?P<name>.+?): (?P<status>met|missed|on track|behind|not measurable)"
        r"(?:, (?P<latest>.+?) \((?P<when>[^,()]+), (?P<who>.+?)\))? against a target of "
        r"(?P<goal>.+? by (?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4})"
        r"(?:; needs (?P<needed>.+?)(?:, achieved (?P<achieved>.+?))?(?:; (?P<why>[^.]+))?|; (?P<why3>[^.]+?)"
        r"|: (?P<why2>.+?))?\."
        r"(?P<awaiting> The deadline has passed with no report since\.)?$"
    ),
    "zh": re.compile(
        r"^(?P<name>.+?)：(?P<status>已实现|未如期实现|进度正常|进度滞后|无法衡量)，"
        r"(?:(?P<when>[^，]+?)为(?P<latest>.+?)（(?P<who>.+)），)?目标为(?P<goal>到.+?)"
        r"(?:；所需：(?P<needed>[^，；]+)(?:，实际：(?P<achieved>[^；。]+))?(?:；(?P<why>[^。]+))?|；(?P<why3>[^。]+)"
        r"|：(?P<why2>[^。]+))?。"
        r"(?P<awaiting>截止日期已过，此后尚无报告。)?$"
    ),
}
STATUS_WORDS = {
    "en": {
        "met": "met",
        "missed": "missed",
        "on track": "on_track",
        "behind": "behind",
        "not measurable": "not_measurable",
    },
    "zh": {
        "已实现": "met",
        "未如期实现": "missed",
        "进度正常": "on_track",
        "进度滞后": "behind",
        "无法衡量": "not_measurable",
    },
}
RATE = {
    "en": re.compile(
        r"^(?P<bound>at most |at least )?(?P<fall>a fall of )?(?P<pct>[\d,]+(?:\.\d+)?)% "
        r"(?:a year|in all by (?P<by>.+?))(?: since (?P<since>.+))?$"
    ),
    "zh": re.compile(
        r"^(?:(?P<since>.+?)以来)?(?P<bound>至多|至少)?(?:到(?P<by>.+?)共|年均)(?P<fall>增长|下降)(?P<pct>[\d,]+(?:\.\d+)?)%$"
    ),
}


class TargetStatements:
    """Each target sentence against the data: the target quoted as stated, the latest figure an actual report
    of the series and the newest trusted one, every rate recomputed from the figures it names, the status
    the figures give."""

    def __init__(self, view: pd.DataFrame, frame: pd.DataFrame):
        self.view = view
        self.frame = frame.set_index("target_id", drop=False)

    @staticmethod
    def _name(goal, lang: str) -> str:
        name, place = pick(goal, "name", lang), pick(goal, "place", lang)
        return f"{name} · {place}" if place else name

    def _series(self, row) -> pd.DataFrame:
        rows = self.view[(self.view.metric_id == row["series_metric_id"]) & (self.view.status == Status.ACTUAL)]
        rows = rows[rows.kind == ObservationKind.REPORTED]
        place = row["series_place_id"] if isinstance(row["series_place_id"], str) else ""
        return rows[rows.place_id.fillna("") == place]

    def _rate(self, text: str, lang: str, where: str) -> tuple[float, str, str | None, str | None]:
        found = RATE[lang].match(text)
        assert found, f"{where}: unparsed rate: {text}"
        sign = -1 if found["fall"] in ("a fall of ", "下降") else 1
        bound = {"at most ": "most", "至多": "most", "at least ": "least", "至少": "least"}.get(
            found["bound"] or "", ""
        )
        return sign * float(found["pct"].replace(",", "")) / 100, bound, found["by"], found["since"]

    def check(self, sentence: str, lang: str, where: str) -> str:
        """The target id the sentence is about, once every claim in it holds."""
        found = TARGET[lang].match(sentence)
        assert found, f"{where}: unparsed target sentence: {sentence}"
        goal_rows = self.view.set_index("obs_id", drop=False)
        candidates = [
            tid
            for tid, row in self.frame.iterrows()
            if charts.value_text(goal_rows.loc[tid], lang, long=True) in found["goal"]
            and format_date(row["deadline"], row["deadline_precision"], lang) in found["goal"]
            and found["name"] == self._name(goal_rows.loc[tid], lang)
        ]
        assert len(candidates) == 1, f"{where}: the goal is not one target's ({candidates}): {sentence}"
        row = self.frame.loc[candidates[0]]
        status = STATUS_WORDS[lang][found["status"]]
        assert status == row["status"], f"{where}: says {status}, the rule gives {row['status']}: {sentence}"
        if not found["latest"]:
            assert not isinstance(row["latest_obs_id"], str), f"{where}: the latest figure is left out: {sentence}"
            return candidates[0]
        series = self._series(row)
        hits = [
            r
            for _, r in series.iterrows()
            if charts.value_text(r, lang, long=True) == found["latest"]
            and format_date(r["as_of"], r["as_of_precision"], lang) == found["when"]
        ]
        assert hits, f"{where}: '{found['latest']}' ({found['when']}) is no actual report of the series: {sentence}"
        latest = hits[0]
        goal = goal_rows.loc[candidates[0]]
        verdict = targets.meets(latest["value"], latest["qualifier"], goal["value"], goal["qualifier"])
        if status == "met":  # the report quoted meets the target, by its deadline
            assert latest["as_of"] <= goal["as_of"] and verdict is True, f"{where}: does not meet it: {sentence}"
            return candidates[0]
        if status == "missed":  # the report quoted falls short, at or after the deadline
            assert latest["as_of"] >= goal["as_of"] and verdict is False, f"{where}: does not miss it: {sentence}"
            return candidates[0]
        trusted = series[series.grade != Grade.LOW]
        newest = (trusted if len(trusted) else series).as_of.max()
        assert latest["as_of"] == newest, f"{where}: a newer report of the series is skipped: {sentence}"
        if found["needed"]:
            self._check_needed(found["needed"], latest, goal, lang, f"{where}: {sentence}")
        if found["achieved"]:
            self._check_achieved(found["achieved"], latest, series, lang, f"{where}: {sentence}")
            need, _, _, _ = self._rate(found["needed"], lang, where)
            done, _, _, _ = self._rate(found["achieved"], lang, where)
            if status == "on_track":
                assert done >= need, f"{where}: on track, but achieves less than it needs: {sentence}"
            if status == "behind":
                assert done < need, f"{where}: behind, but achieves more than it needs: {sentence}"
        assert bool(found["awaiting"]) == (row["reason"] == "awaiting"), f"{where}: awaiting: {sentence}"
        return candidates[0]

    def _check_needed(self, text: str, latest, goal, lang: str, where: str) -> None:
        rate, bound, by, _ = self._rate(text, lang, where)
        ratio = float(goal["value"]) / float(latest["value"])
        years = (goal["as_of"] - latest["as_of"]).days / 365.25
        expected = ratio - 1 if by else ratio ** (1 / years) - 1
        if by:
            assert by == format_date(goal["as_of"], goal["as_of_precision"], lang), where
        assert math.isclose(rate, expected, rel_tol=0.006, abs_tol=0.00006), f"{where}: needs {expected:.4f}"
        wanted = {"more_than": "most", "at_least": "most"}.get(latest["qualifier"], "")
        assert bound == wanted, f"{where}: a {latest['qualifier']} figure makes the need '{wanted}', not '{bound}'"

    def _check_achieved(self, text: str, latest, series: pd.DataFrame, lang: str, where: str) -> None:
        rate, bound, _, since = self._rate(text, lang, where)
        assert since, f"{where}: the growth achieved names no start"
        starts = series[
            [format_date(d, p, lang) == since for d, p in zip(series.as_of, series.as_of_precision, strict=True)]
        ]
        assert len(starts), f"{where}: no report of the series at {since}"
        first = (
            starts[starts.qualifier.isin(("exact", "about"))].iloc[0]
            if starts.qualifier.isin(("exact", "about")).any()
            else starts.iloc[0]
        )
        years = (latest["as_of"] - first["as_of"]).days / 365.25
        expected = (float(latest["value"]) / float(first["value"])) ** (1 / years) - 1
        assert math.isclose(rate, expected, rel_tol=0.006, abs_tol=0.00006), f"{where}: achieved {expected:.4f}"
        lower, upper = latest["qualifier"] in ("more_than", "at_least"), first["qualifier"] in ("more_than", "at_least")
        wanted = "least" if lower and not upper else "most" if upper and not lower else ""
        assert bound == wanted, f"{where}: bounds make the growth achieved '{wanted}', not '{bound}'"


def check_targets(lang: str) -> int:
    from dashboard import models

    statements = TargetStatements(figures.observation_view(), models.target_frame())
    items = models.target_items(lang)
    checked = {statements.check(item.sentence, lang, item.target_id) for item in items}
    assert checked == set(models.target_frame().target_id), "every target has one sentence about it"
    chart = models.target_chart(lang, "light")
    for item in items:  # the chart's summary repeats the judged targets' sentences as they are
        if item.status != "not_measurable" and item.progress_value is not None:
            assert item.sentence in chart.summary, item.target_id
    return len(checked)


@pytest.mark.parametrize("lang", LANGS)
def test_every_target_sentence_on_the_shipped_data_holds(lang):
    assert check_targets(lang) == 25


def test_the_target_checks_catch_false_sentences():
    from dashboard import models

    statements = TargetStatements(figures.observation_view(), models.target_frame())
    true = next(i.sentence for i in models.target_items("en") if i.status == "behind")
    assert "needs 24.1% a year, achieved 20.8% a year since 2021" in true
    for false, match in (
        (true.replace("needs 24.1%", "needs 14.1%"), "needs"),
        (true.replace("achieved 20.8%", "achieved 22.8%"), "achieved"),
        (true.replace(": behind,", ": on track,"), "the rule gives"),
        (true.replace("1.57 trillion yuan (2022", "1.3 trillion yuan (2021"), "newer report"),
        (true.replace("needs 24.1% a year", "needs at most 24.1% a year"), "makes the need"),
        (true.replace(" The deadline has passed with no report since.", ""), "awaiting"),
    ):
        assert false != true
        with pytest.raises(AssertionError, match=match):
            statements.check(false, "en", "false")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_target_sentence_on_ten_times_the_data_holds(lang, grown_ten, monkeypatch):
    from dashboard.ui import startup

    startup.ensure()
    monkeypatch.setenv("DATASETS_URI", str(grown_ten))
    monkeypatch.setenv("DATASETS_CHECK_SECONDS", "0")
    assert check_targets(lang) > 25
