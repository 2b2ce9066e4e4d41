"""What the pages show, prepared once per process for each language: the text of every KPI card, list
and table, already formatted and Markdown-escaped. A viewer's rerun then only sends these to the browser;
no page reshapes data on its own. Built from the pure functions in `views`, cached by `per_dataset`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from dashboard import charts, explorer, figures, indicator, layouts, targets, views
from dashboard.cache import bounded_memo, per_dataset
from dashboard.charts import value_text
from dashboard.charts.targets import BAR_COLUMNS
from dashboard.data import DataFileError, load_table
from dashboard.formatting import (
    display_width,
    first_sentence,
    format_date,
    join_sentences,
    number_text,
    said_by,
    wrap_text,
)
from dashboard.i18n import column, pick, t
from dashboard.safe import md
from dashboard.schema import AreaKind, Grade, ObservationKind, Precision, Qualifier, Status, UnitKind, ZhOrigin


def _when(row, lang: str) -> str:
    return format_date(row["as_of"], row["as_of_precision"], lang)


def _publisher(row, lang: str) -> str:
    return pick(row, "publisher", lang)


def _published(row, lang: str) -> str:
    return format_date(row["published"], row["published_precision"], lang)


Arrow = Literal["up", "down", "off"]  # the direction a card's change is drawn in


@dataclass(frozen=True)
class Spark:
    """A card's sparkline: the reports its series sentence may use (`views.sentence_pool`), one per date (the
    headline rule's pick), placed by date. The last point is the card's value."""

    days: tuple[float, ...]  # days after the first point
    values: tuple[float, ...]
    bounds: tuple[bool, ...]  # a bound ("more than", "under", "nearly"), drawn hollow
    span: str  # the dates it covers, "Jun 2021 – Dec 2025"


@dataclass(frozen=True)
class Kpi:
    """One figure's card. What the card shows: label, value, change chip, sparkline and one line of
    provenance (`line`: date · who said it, and a warning sign with the most serious warning). The rest
    (evidence, grade, host, previous report, every warning) is in `help`, and stays in `when`, `source` and
    `remarks` for the decks' text. All text Markdown-escaped."""

    label: str
    value: str
    delta: str | None  # the change against the previous report: a growth rate where the figures allow one
    arrow: Arrow
    help: str
    when: str  # "As of 31 Dec 2025 (previous report: 30 Jun 2025)"
    source: str  # "Yicai Global, 24 Mar 2026"
    remarks: tuple[str, ...]  # warnings, most serious first
    later_low: str | None
    line: str  # "As of 31 Dec 2025 · Yicai Global"
    spark: Spark | None = None

    @property
    def caption(self) -> str:
        """Date, source and every warning on one line (the decks' card text)."""
        return " · ".join((self.when, self.source, *self.remarks))


@per_dataset
def reports(metric_id: str) -> dict[str, pd.Series | None]:
    """`views.latest_reports` of a metric, once per dataset version (shared by its cards in both languages
    and the slide decks' notes)."""
    return views.latest_reports(figures.metric_view(metric_id), metric_id)  # its own rows: never a scan of every figure


@per_dataset
def spark_svg(metric_id: str, theme: str) -> str | None:
    """A card's sparkline as SVG in the viewer's theme (None without one), built once per dataset version."""
    card = kpi(metric_id, "en")
    spark = None if card is None else card.spark
    return None if spark is None else charts.sparkline_svg(spark.days, spark.values, spark.bounds, theme)


SPARK_MIN_POINTS = 2  # dates a card's series needs for a sparkline


def _spark(rows: pd.DataFrame, lang: str) -> Spark | None:
    pool = views.in_headline_order(views.sentence_pool(rows))
    points = pool.drop_duplicates("as_of", keep="last")
    if len(points) < SPARK_MIN_POINTS:
        return None
    first, last = points.iloc[0], points.iloc[-1]
    return Spark(
        days=tuple(float((d - first["as_of"]).days) for d in points.as_of),
        values=tuple(float(v) for v in points.value),
        bounds=tuple(q != Qualifier.EXACT and q != Qualifier.ABOUT for q in points.qualifier),
        span=t(
            "kpi.span",
            lang,
            first=format_date(
                first["as_of"], "month" if first["as_of_precision"] == "day" else first["as_of_precision"], lang
            ),
            last=format_date(
                last["as_of"], "month" if last["as_of_precision"] == "day" else last["as_of_precision"], lang
            ),
        ),
    )


_CHIP_PRECISION = {"day": "month"}  # a chip is short: "since Jun 2025"; the help gives the day


def change_text(previous: pd.Series, latest: pd.Series, lang: str, *, with_unit: bool) -> str:
    """A card's change chip: the growth since the previous report where both are exact or approximate
    figures of a unit that grows ('+186% since 30 Jun 2025', '+2.4 pts since Mar 2025', 'unchanged since
    2024'); otherwise the previous figure itself ('from 35,000+ (30 Jun 2025)'): a bound gives no rate."""
    since = format_date(
        previous["as_of"], _CHIP_PRECISION.get(previous["as_of_precision"], previous["as_of_precision"]), lang
    )
    growing = previous["qualifier"] in charts.GROWTH_QUALIFIERS and latest["qualifier"] in charts.GROWTH_QUALIFIERS
    kind = latest["unit_kind"]
    before, now = float(previous["value"]), float(latest["value"])
    if growing and before == now:
        return t("kpi.unchanged", lang, date=since)
    about = t("chart.growth.about", lang) if Qualifier.ABOUT in (previous["qualifier"], latest["qualifier"]) else ""
    if growing and kind == UnitKind.PERCENT:
        points = round(now - before, 1)
        if points != 0:
            direction = "up" if points > 0 else "down"
            key = f"kpi.change_points.{direction}" + (".one" if abs(points) == 1 else "")  # n is text here
            return about + t(key, lang, n=number_text(abs(points), lang), date=since)
    elif growing and kind in charts.GROWTH_KINDS and before > 0 and now > 0:
        change = (now / before - 1) * 100
        direction = "up" if change >= 0 else "down"
        return about + t(
            f"kpi.change_pct.{direction}", lang, pct=number_text(abs(change), lang, derived=True), date=since
        )
    return t("kpi.previous", lang, value=value_text(previous, lang, with_unit=with_unit), date=since)


@per_dataset
def kpi(metric_id: str, lang: str) -> Kpi | None:
    """One figure's card: value with qualifier, change against the previous report, date, source, evidence."""
    view = figures.observation_view()
    found = reports(metric_id)
    latest, previous, later_low = found["latest"], found["previous"], found["later_low"]
    if latest is None:
        return None
    label = pick(latest, "name", lang)
    unit_label = pick(latest, "label", lang)
    inline_unit = (
        latest["unit_kind"] != UnitKind.COUNT and display_width(value_text(latest, lang, with_unit=True)) <= 11
    )
    if latest["unit_kind"] != UnitKind.COUNT and not inline_unit:
        label = t("fmt.aside", lang, text=label, aside=unit_label)
    delta: str | None = None
    arrow: Arrow = "off"
    shared_conflict = previous is not None and bool(set(latest["conflict_ids"]) & set(previous["conflict_ids"]))
    if previous is not None and latest["kind"] == ObservationKind.REPORTED and not shared_conflict:
        delta = change_text(previous, latest, lang, with_unit=inline_unit)
        arrow = (
            "up" if latest["value"] > previous["value"] else "down" if latest["value"] < previous["value"] else "off"
        )
    if latest["kind"] == ObservationKind.DERIVED:
        evidence = t("kpi.help_derived", lang, formula=latest["formula"])
    else:
        evidence = t(
            "kpi.help",
            lang,
            evidence=latest["evidence"],
            publisher=_publisher(latest, lang),
            date=_published(latest, lang),
            grade=t("grade." + latest["grade"], lang),
        )
    as_of = t("kpi.as_of", lang, date=_when(latest, lang))
    if latest["status"] != Status.ACTUAL:
        as_of = t("kpi.status", lang, status=t("status." + latest["status"], lang), date=_when(latest, lang))
    when = as_of
    if delta is not None:
        when += t("kpi.previous_date", lang, date=_when(previous, lang))
    source = t("kpi.source", lang, publisher=_publisher(latest, lang), date=_published(latest, lang))
    remarks: list[str] = []  # most serious first: the first is the one the card's line names
    if latest["conflict_ids"]:
        remarks.append(f"⚠ {t('kpi.in_conflict', lang)}")
    if latest["grade"] == Grade.LOW:
        remarks.append(f"⚠ {t('kpi.low_grade', lang)}")
    newest = _newest_in_area(latest["area_id"])
    if latest["status"] == Status.ACTUAL and views.is_stale(latest["as_of"], newest):
        remarks.append(f"⚠ {t('kpi.stale', lang, date=format_date(newest, 'month', lang))}")
    if latest["kind"] == ObservationKind.REPORTED and views.single_source(view, latest):
        remarks.append(t("kpi.single_source", lang))
    low = None
    if later_low is not None:
        low = "⚠ " + t(
            "kpi.later_low", lang, value=value_text(later_low, lang, with_unit=True), date=_when(later_low, lang)
        )
    who = (
        said_by(_publisher(latest, lang))
        if latest["kind"] == ObservationKind.REPORTED
        else t("chart.derived_by_us", lang)
    )
    line = " · ".join((as_of, who))
    if latest["conflict_ids"]:
        line += " · " + t("kpi.flag.conflict", lang)
    elif latest["grade"] == Grade.LOW:
        line += " · " + t("kpi.flag.low", lang)
    elif low or any(r.startswith("⚠") for r in remarks):
        line += " ⚠"  # the warning itself is in the help
    details = [evidence, when + " · " + source, *remarks, *([low] if low else [])]
    return Kpi(
        label=md(label),
        value=value_text(latest, lang, with_unit=inline_unit),
        delta=delta,
        arrow=arrow,
        help="\n\n".join(md(d) for d in details),
        when=md(when),
        source=md(source),
        remarks=tuple(md(r) for r in remarks),
        later_low=md(low) if low else None,
        line=md(line),
        spark=_spark(views.metric_rows(figures.metric_view(metric_id), metric_id), lang)
        if latest["status"] == Status.ACTUAL
        else None,
    )


@per_dataset
def _newest_in_area(area_id) -> pd.Timestamp | None:
    """The newest date described by a reported figure of the priority this area belongs to (an action's
    figures count with its priority's)."""
    if not isinstance(area_id, str) or not area_id:
        return views.newest_described(figures.observation_view())
    areas = load_table("priority_areas")
    parent = areas.set_index("area_id").parent_id.get(area_id)
    top = parent if isinstance(parent, str) and parent else area_id
    return views.newest_described(views.area_observations(figures.observation_view(), areas, top))


@per_dataset
def currency(lang: str) -> str:
    """How current the data is: the newest date a figure describes and the newest source (Markdown-escaped)."""
    view = figures.observation_view()
    reported = view[view.kind == ObservationKind.REPORTED]
    newest = views.newest_described(view)
    if newest is None or reported.empty:
        return ""
    latest_source = reported.sort_values(["published", "grade_rank"], ascending=[True, False], kind="stable").iloc[-1]
    return md(
        t(
            "overview.currency",
            lang,
            date=format_date(newest, "month", lang),
            publisher=_publisher(latest_source, lang),
            published=_published(latest_source, lang),
            n=len(reported),
            sources=reported.source_id.nunique(),
        )
    )


@per_dataset
def kpis(metric_ids: tuple[str, ...], lang: str) -> dict[str, Kpi | None]:
    """Several cards at once (one cache lookup per grid)."""
    return {metric_id: kpi(metric_id, lang) for metric_id in metric_ids}


CHANGES_SHOWN = 6  # reports listed under "what changed" on the overview


@per_dataset
def _changed_rows(limit: int) -> pd.DataFrame:
    return views.what_changed(figures.observation_view(), limit)


@per_dataset
def changes(lang: str, limit: int) -> tuple[str, ...]:
    """'What changed': the latest reports that moved a figure, each with the report before it."""
    lines = []
    for _, row in _changed_rows(limit).iterrows():
        line = t(
            "overview.changed_item",
            lang,
            metric=pick(row, "name", lang),
            value=value_text(row, lang),
            as_of=_when(row, lang),
            publisher=_publisher(row, lang),
            published=_published(row, lang),
        )
        prev = {**row.to_dict(), "value": row["prev_value"], "qualifier": row["prev_qualifier"], "kind": "reported"}
        line += " · " + t(
            "overview.changed_prev",
            lang,
            value=value_text(prev, lang),
            as_of=format_date(row["prev_as_of"], row["prev_as_of_precision"], lang),
        )
        if row["grade"] == Grade.LOW:
            line += f" · ⚠ {t('kpi.low_grade', lang)}"
        lines.append(md(line))
    return tuple(lines)


@per_dataset
def version_line(lang: str) -> str:
    """'Dataset version 1.0.0 of 23 Nov 2026 · Licence: CC BY 4.0' (Markdown-escaped)."""
    release = load_table("release").iloc[0]
    return md(
        t("sidebar.version", lang, version=release["version"], date=format_date(release["released"], "day", lang))
        + " · "
        + t("sidebar.licence", lang, licence=release["licence"])
    )


@per_dataset
def headline_ids() -> tuple[str, ...]:
    return tuple(views.headline_metric_ids(load_table("metrics")))


OVERVIEW_SERIES = 4  # trend charts on the overview
OVERVIEW_SERIES_POINTS = 4  # dates a headline metric needs to be drawn there as a trend


@per_dataset
def overview_series() -> tuple[str, ...]:
    """The headline metrics with the longest national series, for the overview's trend charts."""
    view = figures.observation_view()
    ids = views.series_metrics(view, headline_ids(), min_points=OVERVIEW_SERIES_POINTS)
    return tuple(ids[:OVERVIEW_SERIES])


@per_dataset
def priority_cards(lang: str) -> tuple[tuple[str, str, str], ...]:
    """(area_id, name, first sentence of the summary) for the eight priorities and data security."""
    areas = load_table("priority_areas")
    top = areas[areas.kind != AreaKind.ACTION].assign(
        order=lambda a: (a.kind == AreaKind.CROSS_CUTTING).astype(int) * 100 + a["rank"]
    )
    cards = []
    for _, area in top.sort_values("order").iterrows():
        summary = pick(area, "summary", lang)
        first = first_sentence(summary)
        cards.append((area["area_id"], pick(area, "name", lang), md(first)))
    return tuple(cards)


def source_line(source, lang: str) -> str:
    """One source as a Markdown list item: publisher, date, title, grade badge, link."""
    title = pick(source, "title", lang)
    grade = t("common.grade_badge", lang, grade=t("grade." + source["grade"], lang))
    badge = f":orange-badge[⚠ {grade}]" if source["grade"] == Grade.LOW else f":gray-badge[{grade}]"
    url = safe_url(source["url"])
    link = f"[{t('common.open_source', lang)}]({url})" if url else t("common.no_url", lang)
    comma, colon = t("punct.comma", lang), t("punct.colon", lang)
    return (
        f"- **{md(_publisher(source, lang))}**{comma}{md(_published(source, lang))}{colon}{md(title)} {badge} · {link}"
    )


def safe_url(url) -> str:
    """Only plain http(s) links, with characters that would break Markdown link syntax escaped."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return ""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def quotation(row, column: str, by_source: pd.DataFrame, lang: str) -> str:
    """A quotation of `row` (an area wording or a compliance note; `column` holds the English words) as a
    viewer reads it, not yet escaped: in English the source's own words; in Chinese the words of the
    Chinese source where one was found (`zh_origin` original), credited to that source, else our
    translation, credited to the source it translates and marked as ours."""
    if lang != "zh":
        return t("common.quote", lang, text=row[column], who=_publisher(by_source.loc[row["source_id"]], lang))
    if row["zh_origin"] == ZhOrigin.ORIGINAL:
        who = _publisher(by_source.loc[row["zh_source_id"]], lang)
        return t("common.quote", lang, text=row[f"{column}_zh"], who=who)
    quoted = t("common.quote", lang, text=row[f"{column}_zh"], who=_publisher(by_source.loc[row["source_id"]], lang))
    return t("fmt.aside", lang, text=quoted, aside=t("zh_origin.translation", lang))


def _quoted_sources(rows: pd.DataFrame, lang: str) -> list[str]:
    """The sources whose words the quotations of `rows` show: the English sources, and in Chinese the
    Chinese sources of the originals."""
    ids = list(rows.source_id)
    if lang == "zh":
        ids += list(rows.loc[rows.zh_origin == ZhOrigin.ORIGINAL, "zh_source_id"])
    return ids


@dataclass(frozen=True)
class AreaPage:
    name: str
    summary: str  # Markdown-escaped
    quote: str | None  # Markdown-escaped block quote
    has_figures: bool
    other_metrics: tuple[str, ...]  # shown as cards
    series_metrics: tuple[str, ...]  # metrics no block names with enough dates to draw as a series
    place_metrics: tuple[str, ...]  # metrics reported for several provinces or cities: a ranked chart each
    conflicts: tuple[tuple[str, str], ...]  # (topic, explanation), Markdown-escaped
    events: tuple[str, ...]  # Markdown list items
    compliance: tuple[tuple[str, str], ...]  # (summary, quotation), Markdown-escaped
    sources: tuple[str, ...]  # Markdown list items
    more_metrics: int = 0  # indicators left off the page beyond the limits below (all are in the explorer)

    @property
    def extra_blocks(self) -> tuple[layouts.Block, ...]:
        """The series and ranked charts drawn below the page's declared blocks."""
        return layouts.extra_blocks(self.series_metrics, self.place_metrics)


# What one priority page draws beyond its declared blocks, at most: as much as the fullest page of the
# 1.1.0 data draws (industry clusters: 9 series; digital China and the data market: 3 ranked charts; data
# security: 20 cards), so that a page stays readable and quick as the data grows. The richest are kept
# (most dates, most places, most reports), in their order; the explorer, linked from the page, has all.
MAX_AREA_SERIES = 9
MAX_AREA_PLACES = 3
MAX_AREA_CARDS = 20


@per_dataset
def area_page(area_id: str, lang: str) -> AreaPage:
    """A priority page's contents beyond its declared blocks (`layouts.AREA_BLOCKS`)."""
    named = tuple(sorted(layouts.named_metrics(area_id)))
    areas = load_table("priority_areas")
    area = areas.set_index("area_id").loc[area_id]
    sources = load_table("sources")
    by_source = sources.set_index("source_id")
    wordings = load_table("area_wordings")
    wording = wordings[wordings.area_id == area_id].sort_values("source_id")
    quote = None
    if not wording.empty:
        quote = "> " + md(quotation(wording.iloc[0], "wording", by_source, lang))

    rows = views.area_observations(figures.observation_view(), areas, area_id)
    others = views.metrics_except(rows, exclude=named)
    drawn = views.series_metrics(rows, others)
    ranked = views.place_metrics(rows, others)
    national_rows = views.national(rows)
    national_ids = set(national_rows.metric_id)
    cards = [m for m in others if m not in drawn and m in national_ids]
    shown = _within_limits(rows, drawn, ranked, cards)
    more = len(set(drawn) | set(ranked) | set(cards)) - len(set().union(*shown))
    drawn, ranked, cards = shown

    entities, mentions = load_table("entities"), load_table("mentions")
    area_mentions = mentions[mentions.entity_id.isin(entities[entities.area_id == area_id].entity_id)]
    conflict_rows = views.conflicts_of(
        load_table("conflicts"), load_table("conflict_members"), [*rows.obs_id, *area_mentions.mention_id]
    )
    conflicts = tuple(
        (md(pick(c, "topic", lang)), md(pick(c, "explanation", lang))) for _, c in conflict_rows.iterrows()
    )

    events = views.area_events(load_table("events"), areas, area_id)
    notes = load_table("compliance_notes")
    notes = notes[notes.area_id == area_id]
    compliance = tuple(
        (md(pick(n, "summary", lang)), md(quotation(n, "evidence", by_source, lang))) for _, n in notes.iterrows()
    )
    quoted = [*_quoted_sources(wording, lang), *_quoted_sources(notes, lang)]
    cited = views.sources_of(rows, sources, [*events.source_id, *quoted])
    return AreaPage(
        name=pick(area, "name", lang),
        summary=md(pick(area, "summary", lang)),
        quote=quote,
        has_figures=not rows.empty,
        other_metrics=tuple(cards),
        series_metrics=tuple(drawn),
        place_metrics=tuple(ranked),
        conflicts=conflicts,
        events=event_lines(events, lang),
        compliance=compliance,
        sources=tuple(source_line(s, lang) for _, s in cited.iterrows()),
        more_metrics=more,
    )


def _within_limits(rows: pd.DataFrame, drawn: list[str], ranked: list[str], cards: list[str]):
    """The series, ranked charts and cards a priority page shows (see MAX_AREA_*)."""
    national = views.national(rows)
    dates = national[national.status == Status.ACTUAL].groupby("metric_id").as_of.nunique()
    places = views.by_place(rows).groupby("metric_id").place_id.nunique()
    reports = national.groupby("metric_id").size()
    return (
        views.richest(dates, drawn, MAX_AREA_SERIES),
        views.richest(places, ranked, MAX_AREA_PLACES),
        views.richest(reports, cards, MAX_AREA_CARDS),
    )


def event_lines(events: pd.DataFrame, lang: str) -> tuple[str, ...]:
    lines = []
    for _, ev in events.sort_values("start", kind="stable").iterrows():
        when = format_date(ev["start"], ev["date_precision"], lang)
        if ev["end"] != ev["start"] and ev["date_precision"] == Precision.DAY:
            when += " – " + format_date(ev["end"], "day", lang)
        lines.append(f"- **{md(when)}**{t('punct.colon', lang)}{md(pick(ev, 'title', lang))}")
    return tuple(lines)


@per_dataset
def all_event_lines(lang: str) -> tuple[str, ...]:
    return event_lines(load_table("events"), lang)


@per_dataset
def six_actions(lang: str) -> pd.DataFrame:
    """The six specialized actions, as each source orders and words them."""
    areas = load_table("priority_areas")
    actions = areas[areas.kind == AreaKind.ACTION].sort_values("rank")
    wordings = load_table("area_wordings")
    table = {t("area.action_col", lang): [pick(a, "name", lang) for _, a in actions.iterrows()]}
    for source_id, key in (("seed_000", "area.order_000"), ("seed_004", "area.order_004")):
        by_area = wordings[(wordings.source_id == source_id) & wordings.area_id.isin(actions.area_id)]
        by_area = by_area.set_index("area_id")
        all_ours, cells = _action_cells(by_area, list(actions.area_id), lang)
        header = t(key, lang)
        if all_ours:  # every cell is our translation: the header says so once
            header = t("fmt.aside", lang, text=header, aside=t("zh_origin.translation", lang))
        table[header] = cells
    return pd.DataFrame(table)


def _action_cells(by_area: pd.DataFrame, area_ids: list[str], lang: str) -> tuple[bool, list[str]]:
    """One source's wording of each action ("2. ..."; empty where it has none), in English its own words,
    in Chinese the Chinese text, each translation of ours marked unless all are (then the first value is True
    and the column's header says so)."""
    ours = (by_area.zh_origin == ZhOrigin.TRANSLATION) & (lang == "zh")
    all_ours = len(by_area) > 0 and bool(ours.all())
    cells = []
    for area in area_ids:
        if area not in by_area.index:
            cells.append("")
            continue
        row = by_area.loc[area]
        text = row["wording_zh"] if lang == "zh" else row["wording"]
        if ours[area] and not all_ours:
            text = t("fmt.aside", lang, text=text, aside=t("zh_origin.translation", lang))
        cells.append(f"{row['position']}. {text}")
    return all_ours, cells


def table_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Some rows of the view as the explorer's table shows them (indexed like the view): a page of the
    explorer, one indicator's figures; never every figure at once (the pages keep what they show, see
    `components.table_data`)."""
    return explorer.display_frame(rows, lang).set_index(rows.index)


_SELECTIONS = bounded_memo(128)  # which rows pass a viewer's filters: bounded


def explorer_selection(filters: explorer.Filters):
    """The positions in the observation view of the rows that pass `filters`, found once per dataset
    version and set of filters and shared (a room opening the same link)."""
    return _SELECTIONS(
        ("explorer-rows", filters),
        lambda: explorer.positions(
            figures.observation_view(), filters, load_table("priority_areas"), figures.search_text()
        ),
    )


def explorer_rows(filters: explorer.Filters) -> pd.DataFrame:
    """The rows of the observation view that pass `filters` (the view itself when no filter is set)."""
    view = figures.observation_view()
    selected = explorer_selection(filters)
    return view if len(selected) == len(view) else view.iloc[selected]


def explorer_page_table(filters: explorer.Filters, start: int, stop: int, lang: str) -> pd.DataFrame:
    """Rows start to stop of the filtered table, as the explorer shows them, with a link to each indicator."""
    rows = figures.observation_view().iloc[explorer_selection(filters)[start:stop]]
    table = table_rows(rows, lang).copy()
    table.insert(1, "indicator", [indicator.relative_url(m, lang) for m in rows.metric_id])
    return table


_EXPLORER_CHARTS = bounded_memo(256)  # keyed by what a viewer filtered: bounded


def explorer_charts(filters: explorer.Filters, kind: str, lang: str, theme: str) -> tuple[explorer.ChartPlan, list]:
    """(what the explorer draws, the charts) for a set of filters: built once per set of filters, kind,
    language and theme and shared (the same link opened by a room)."""
    plan = _EXPLORER_CHARTS(
        ("explorer-plan", filters, kind),
        lambda: explorer.chart_plan(explorer_rows(filters), filters, kind, explorer.MAX_CHART_METRICS),
    )
    conflicts = load_table("conflicts")
    built = []
    for name, group in plan.groups:
        if kind == "line":
            built.append(
                _EXPLORER_CHARTS(
                    ("explorer-line", name, filters, lang, theme),
                    lambda group=group, unit=name: charts.prepared(
                        charts.series_chart(group, lang, theme, key=f"explorer-line-{unit}", conflicts=conflicts)
                    ),
                )
            )
        else:
            title = t("explorer.chart_title_bar", lang, metric=pick(group.iloc[0], "name", lang))
            built.append(
                _EXPLORER_CHARTS(
                    ("explorer-bar", name, filters, lang, theme),
                    lambda group=group, metric_id=name, title=title: charts.prepared(
                        charts.latest_bars(
                            group,
                            lang,
                            theme,
                            key=f"explorer-bar-{metric_id}",
                            title=title,
                            conflicts=conflicts,
                            label_by="source",
                        )
                    ),
                )
            )
    return plan, built


def explorer_first_page(lang: str, theme: str) -> list:
    """What the explorer opened without filters builds: its rows and its charts; returns the charts."""
    return explorer_charts(explorer.Filters(), explorer.CHART_KINDS[0], lang, theme)[1]


@dataclass(frozen=True)
class ExplorerOptions:
    """The explorer's filter choices in one language, in the order the widgets list them."""

    areas: tuple[str, ...]
    area_names: dict
    sources: tuple[str, ...]
    source_names: dict
    metrics: tuple[str, ...]
    metric_names: dict
    places: tuple[str, ...] = ()  # `national`, then every place, by name (the same ids as the routes accept)
    place_names: dict = field(default_factory=dict)


@per_dataset
def explorer_options(lang: str) -> ExplorerOptions:
    areas, sources, metrics = load_table("priority_areas"), load_table("sources"), load_table("metrics")
    area_names = {a["area_id"]: pick(a, "name", lang) for _, a in areas.iterrows()}
    ordered_areas = (
        *areas[areas.kind == AreaKind.PRIORITY].sort_values("rank").area_id,
        *areas[areas.kind == AreaKind.ACTION].sort_values("rank").area_id,
        *areas[areas.kind == AreaKind.CROSS_CUTTING].area_id,
    )
    source_names = {s["source_id"]: f"{_publisher(s, lang)} ({_published(s, lang)})" for _, s in sources.iterrows()}
    metric_names = dict(zip(metrics.metric_id, metrics[column("name", lang)], strict=True))
    place_names = {explorer.NATIONAL: t("explorer.place_national", lang)}
    try:  # place names only label the place filter: a broken places file leaves the explorer working
        places = load_table("places")
    except DataFileError:
        places = None
    if places is not None:
        place_names |= {p["place_id"]: pick(p, "name", lang) for _, p in places.iterrows()}
    return ExplorerOptions(
        ordered_areas,
        area_names,
        tuple(sorted(source_names, key=lambda s: source_names[s])),
        source_names,
        tuple(sorted(metric_names, key=lambda m: metric_names[m])),
        metric_names,
        (explorer.NATIONAL, *sorted((p for p in place_names if p != explorer.NATIONAL), key=lambda p: place_names[p])),
        place_names,
    )


# --- Indicators (one page per metric, and the catalogue) ---------------------------------------------


@per_dataset
def indicator_page(metric_id: str, lang: str) -> indicator.Indicator | None:
    """One indicator's page: definition, reports over time, vintages, conflicts, derived figures."""
    return indicator.build(
        figures.observation_view(),
        load_table("metrics"),
        load_table("priority_areas"),
        load_table("conflicts"),
        load_table("conflict_members"),
        metric_id,
        lang,
    )


@per_dataset
def indicator_catalogue(lang: str, query: str) -> list:
    return indicator.catalogue(
        figures.observation_view(),
        load_table("metrics"),
        load_table("priority_areas"),
        lang,
        query,
        latest=figures.latest_of_each(),
    )


@figures.shared_chart
def indicator_chart(metric_id: str, lang: str, theme: str):
    """Every national report of one indicator over time, one colour per source."""
    page = indicator_page(metric_id, lang)
    built = indicator.chart(page.national, lang, theme, key=f"indicator-{metric_id}", conflicts=load_table("conflicts"))
    return None if built is None else indicator.add_needed_paths(built, needed_paths(metric_id, lang), lang, theme)


def needed_paths(metric_id: str, lang: str) -> list[indicator.NeededPath]:
    """The needed path of every national target of a metric still ahead of its latest report."""
    frame = target_frame()
    rows = frame[
        (frame.metric_id == metric_id)
        & frame.place_id.isna()
        & frame.latest_value.notna()
        & (frame.deadline > frame.latest_as_of)
    ]
    items = {i.target_id: i for i in target_items(lang)}
    paths = []
    for _, row in rows.iterrows():
        item = items[row["target_id"]]
        hover = "<br>".join(
            [
                f"<b>{charts.esc(t('targets.needed_path', lang))}</b>",
                charts.esc(f"{t('targets.col.target', lang)}{t('punct.colon', lang)}{item.goal}"),
                charts.esc(f"{t('targets.col.needed', lang)}{t('punct.colon', lang)}{item.needed}"),
                charts.esc(f"{t('targets.col.achieved', lang)}{t('punct.colon', lang)}{item.achieved}"),
                charts.esc(f"{t('targets.col.status', lang)}{t('punct.colon', lang)}{item.status_label}"),
            ]
        )
        paths.append(
            indicator.NeededPath(
                row["latest_as_of"], float(row["latest_value"]), row["deadline"], float(row["value"]), hover
            )
        )
    return paths


CATALOGUE_GROUP_LIMIT = 50  # links listed per priority (the fullest priority of the 1.1.0 data has 42)


@per_dataset
def indicator_catalogue_lines(lang: str, query: str) -> list[tuple[str, tuple[str, ...]]]:
    """The catalogue as Markdown list items linking to each indicator's page, grouped by priority. A group
    lists at most CATALOGUE_GROUP_LIMIT indicators (those with the most reports, in name order) and says
    how many more the search finds."""
    out = []
    for name, entries in indicator_catalogue(lang, query):
        lines = []
        shown = entries
        if len(entries) > CATALOGUE_GROUP_LIMIT:
            kept = sorted(range(len(entries)), key=lambda i: (-entries[i].reports, i))[:CATALOGUE_GROUP_LIMIT]
            shown = [entries[i] for i in sorted(kept)]
        for entry in shown:
            reports = t("indicator.reports", lang, n=entry.reports)
            label = (
                t("indicator.entry", lang, name=entry.name, reports=reports, latest=entry.latest)
                if entry.latest
                else t("indicator.entry_empty", lang, name=entry.name, reports=reports)
            )
            lines.append(f"- [{md(label)}]({indicator.relative_url(entry.metric_id, lang)})")
        if len(shown) < len(entries):
            lines.append("- " + t("indicator.group_more", lang, n=len(entries) - len(shown)))
        out.append((name, tuple(lines)))
    return out


# --- Targets (issue 25): where each policy target stands ----------------------------------------------------


@per_dataset
def target_frame() -> pd.DataFrame:
    """Every target with where it stands on the dataset's release date (`targets.table`), once per version."""
    return targets.table(load_table("targets"), figures.observation_view(), targets.release_day(load_table("release")))


@dataclass(frozen=True)
class TargetItem:
    """One target as the pages show it: every text already in the viewer's language (not Markdown-escaped:
    the table shows it as text; `md()` it for Markdown)."""

    target_id: str
    metric_id: str
    priority_id: str | None
    status: str
    name: str  # the indicator, and its place
    goal: str  # 'more than 300 EFLOPS by 2025'
    latest: str  # '280 EFLOPS (2024)', or '—'
    progress: str
    needed: str
    achieved: str  # '24.7% a year since 2022'
    achieved_rate: str  # '24.7% a year'
    status_label: str
    why: str  # the reason, and why no series measures it
    document: str
    clause: str
    source: str  # who stated the target, and when
    url: str  # the indicator's page
    sentence: str
    progress_value: float | None  # the latest figure as a share of the target, low end (for the chart)
    progress_open: bool  # a lower bound: the share is at least progress_value


def _name_with_place(row, lang: str) -> str:
    name = pick(row, "name", lang)
    place = pick(row, "place", lang)
    return t("targets.name_place", lang, name=name, place=place) if place else name


SHORT_SPAN_YEARS = 0.75  # a deadline nearer than this to the latest report: the growth needed is given in all


def target_item(row, view_rows: pd.DataFrame, lang: str) -> TargetItem:
    """The texts of one row of `targets.table`; `view_rows` is the observation view indexed by obs_id."""
    goal_row = view_rows.loc[row["target_id"]]
    deadline = format_date(row["deadline"], row["deadline_precision"], lang)
    goal = t("targets.goal", lang, value=value_text(goal_row, lang, long=True), date=deadline)
    latest_row = view_rows.loc[row["latest_obs_id"]] if isinstance(row["latest_obs_id"], str) else None
    earlier_row = view_rows.loc[row["earlier_obs_id"]] if isinstance(row["earlier_obs_id"], str) else None
    unknown = t("targets.unknown", lang)
    latest = (
        unknown
        if latest_row is None
        else t("targets.latest", lang, value=value_text(latest_row, lang, long=True), date=_when(latest_row, lang))
    )
    years = row["years_left"]
    short = isinstance(years, float) and years < SHORT_SPAN_YEARS
    needed = targets.rate_text(
        targets.span(row, "needed"), lang, years=years if short else None, total_by=deadline if short else None
    )
    achieved = achieved_rate = targets.rate_text(targets.span(row, "achieved"), lang)
    if earlier_row is not None and achieved != unknown:
        achieved = t("targets.since", lang, rate=achieved, date=_when(earlier_row, lang))
    status_label = t(f"target_status.{row['status']}", lang)
    reasons = [t(f"target_reason.{row['reason']}", lang)] if isinstance(row["reason"], str) else []
    note = pick(row, "series_note", lang)
    why = t("punct.semicolon", lang).join([*reasons, *([note] if note else [])])
    source = t("kpi.source", lang, publisher=pick(goal_row, "publisher", lang), date=_published(goal_row, lang))
    if goal_row["grade"] == Grade.LOW:  # the target rests on a low-reliability source: said wherever it is quoted
        source = f"⚠ {source} · {t('kpi.low_grade', lang)}"
    name = _name_with_place(goal_row, lang)
    share = targets.span(row, "progress")
    return TargetItem(
        target_id=row["target_id"],
        metric_id=row["metric_id"],
        priority_id=row["priority_id"] if isinstance(row["priority_id"], str) else None,
        status=row["status"],
        name=name,
        goal=goal,
        latest=latest,
        progress=targets.progress_text(share, lang),
        needed=needed if latest_row is not None else unknown,
        achieved=achieved,
        achieved_rate=achieved_rate,
        status_label=status_label,
        why=why,
        document=pick(row, "document", lang),
        clause=row["clause"],
        source=source,
        url=indicator.relative_url(row["metric_id"], lang),
        sentence=target_sentence(
            row,
            name,
            goal,
            latest_row,
            needed,
            achieved,
            lang,
            view_rows.loc[row["decisive_obs_id"]] if isinstance(row["decisive_obs_id"], str) else None,
        ),
        progress_value=None if share is None else share.lo,
        progress_open=share is not None and share.hi == float("inf"),
    )


def target_sentence(
    row, name: str, goal: str, latest_row, needed: str, achieved: str, lang: str, decisive_row=None
) -> str:
    """One checked sentence on a target (tests/test_statements.py parses it back against the data). A met or
    missed target quotes the report that decides it (the first to meet it by the deadline, the last to fall
    short after it); any other quotes the latest report."""
    status = row["status"]
    if status in ("met", "missed") and decisive_row is not None:
        latest_row = decisive_row
    if latest_row is None:
        why = t(f"target_reason.{row['reason']}", lang) if isinstance(row["reason"], str) else ""
        return t("targets.sentence.not_measurable", lang, name=name, goal=goal, why=why)
    common = {
        "name": name,
        "goal": goal,
        "latest": value_text(latest_row, lang, long=True),
        "when": _when(latest_row, lang),
        "who": _publisher(latest_row, lang),
    }
    if status in ("met", "missed"):
        return t(f"targets.sentence.{status}", lang, **common)
    if status in ("on_track", "behind"):
        sentence = t(f"targets.sentence.{status}", lang, needed=needed, achieved=achieved, **common)
    else:
        why = t(f"target_reason.{row['reason']}", lang) if isinstance(row["reason"], str) else ""
        if needed == t("targets.unknown", lang):  # no growth to state (a report after the deadline, no unit)
            sentence = t("targets.sentence.unjudged_no_pace", lang, why=why, **common)
        else:
            sentence = t("targets.sentence.unjudged", lang, needed=needed, why=why, **common)
    if row["reason"] == "awaiting":
        sentence += t("targets.sentence.awaiting", lang)
    return sentence


_STATUS_ORDER = {s: i for i, s in enumerate(("missed", "behind", "on_track", "met", "not_measurable"))}


@per_dataset
def target_items(lang: str) -> tuple[TargetItem, ...]:
    """Every target as the pages show it, by priority (the meeting's order, data security last), then the
    most urgent first (missed, behind, on track, met, not measurable), then by deadline."""
    frame = target_frame()
    view_rows = figures.observation_view().set_index("obs_id", drop=False)
    order = {a: i for i, (a, _, _) in enumerate(priority_cards(lang))}
    frame = frame.assign(
        _p=frame.priority_id.map(lambda p: order.get(p, len(order))),
        _s=frame.status.map(_STATUS_ORDER),
    ).sort_values(["_p", "_s", "deadline", "target_id"], kind="stable")
    return tuple(target_item(row, view_rows, lang) for _, row in frame.iterrows())


def target_selection(filters: targets.TargetFilters) -> set[str]:
    """The ids of the targets that pass the filters."""
    return set(targets.select(target_frame(), filters).target_id)


@per_dataset
def target_counts(area_id: str | None = None) -> dict[str, int]:
    """How many targets of a priority (or of all) have each status; {} when it has none."""
    frame = target_frame()
    if area_id:
        frame = targets.select(frame, targets.TargetFilters(areas=(area_id,)))
    return targets.counts(frame) if len(frame) else {}


@per_dataset
def target_strip(lang: str, area_id: str | None = None) -> str:
    """'Targets (4): 0 met · 1 on track · 1 behind · 0 missed · 2 not measurable' for a priority (or all), or
    '' when it has none."""
    frame = target_frame()
    if area_id:
        frame = targets.select(frame, targets.TargetFilters(areas=(area_id,)))
    if frame.empty:
        return ""
    n = targets.counts(frame)
    return t("targets.counts", lang, n=len(frame), **n)


def _target_hover(item: TargetItem, lang: str) -> str:
    colon = t("punct.colon", lang)
    lines = [f"<b>{charts.esc(item.name)}</b>"]
    for key, text in (
        ("targets.col.target", item.goal),
        ("targets.col.latest", item.latest),
        ("targets.col.progress", item.progress),
        ("targets.col.needed", item.needed),
        ("targets.col.achieved", item.achieved),
        ("targets.col.status", item.status_label),
        ("targets.col.why", item.why),
        ("targets.col.document", item.document),
    ):
        if text and text != t("targets.unknown", lang):
            lines.append(f"{t(key, lang)}{colon}{wrap_text(charts.esc(text), lang, 70)}")
    clause = wrap_text(charts.esc(item.clause), lang, 70)
    lines.append(f"{t('targets.col.clause', lang)}{colon}“{clause}”")
    lines.append(f"{t('targets.col.source', lang)}{colon}{charts.esc(item.source)}")
    return "<br>".join(lines)


def _bar_text(item: TargetItem, lang: str) -> str:
    """What a bar says beside it: its progress, then (on a second line) the growth needed and achieved; the
    date the growth is measured from is in the hover and the table."""
    unknown = t("targets.unknown", lang)
    pace = []
    if item.needed != unknown:
        pace.append(t("targets.bar.needs", lang, rate=item.needed))
    if item.achieved_rate != unknown:
        pace.append(t("targets.bar.achieved", lang, rate=item.achieved_rate))
    return "\n".join([item.progress, *([" · ".join(pace)] if pace else [])])


def _target_chart(items: tuple[TargetItem, ...], total: int, key: str, lang: str, theme: str):
    measured = [i for i in items if i.progress_value is not None]
    if not measured:
        return None
    frame = target_frame().set_index("target_id", drop=False)
    bars = pd.DataFrame(
        [
            {
                "label": i.name,
                "progress": (i.progress_value or 0.0) * 100,
                "bound": i.progress_open,
                "status": i.status,
                "text": _bar_text(i, lang),
                "hover": _target_hover(i, lang),
            }
            for i in measured
        ],
        columns=list(BAR_COLUMNS),
    )
    view = figures.observation_view().set_index("obs_id", drop=False)
    used = frame.loc[[i.target_id for i in measured]]
    ids = [*used.target_id, *used.latest_obs_id.dropna()]
    sources = view.loc[[i for i in ids if i in view.index]]
    counted = t(
        "targets.summary",
        lang,
        shown=len(measured),
        total=total,
        **targets.counts(pd.DataFrame({"status": [i.status for i in measured]})),
    )
    sentences = [counted, *(i.sentence for i in measured if i.status != "not_measurable")]
    return charts.progress_chart(
        bars,
        sources,
        lang,
        theme,
        key=key,
        title=t("targets.chart_title", lang, shown=len(measured), total=total),
        summary=join_sentences(sentences),
        rows=used.reset_index(drop=True),
        lead=counted if len(sentences) > 1 else "",
    )


ALL_TARGETS = targets.TargetFilters()


@figures.shared_chart
def target_chart(lang: str, theme: str, filters: targets.TargetFilters = ALL_TARGETS):
    """The progress chart of the targets that pass `filters` (None when none of them has a reported figure)."""
    chosen = target_selection(filters)
    items = tuple(i for i in target_items(lang) if i.target_id in chosen)
    params = filters.params()
    key = "targets-" + ("-".join(f"{k}-{v}" for k, v in params.items()).replace(",", "-") or "all")
    return _target_chart(items, len(items), key, lang, theme)
