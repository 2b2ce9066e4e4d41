"""Charts about the dataset itself (figures per priority, source reliability), for Sources and methods."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import Chart
from dashboard.charts.style import _finish
from dashboard.charts.text import esc, footnote_lines
from dashboard.i18n import column, join, t
from dashboard.schema import (
    Grade,
)
from dashboard.theme import palette


def _grade_stack(
    counts: pd.DataFrame,
    labels: list[str],
    source_rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str,
    width: int = 92,
) -> Chart:
    """Horizontal bars of reported figures, stacked by the reliability grade of their sources. `width`: the
    display width of a title line (the footnote, which starts after the bars' labels, takes less)."""
    pal = palette(theme)
    fig = go.Figure()
    colours = dict(zip(Grade, pal.grades, strict=True))
    for grade in Grade:
        warn = "⚠ " if grade == Grade.LOW else ""
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts[grade],
                orientation="h",
                name=warn + t("fmt.labelled", lang, label=t("chart.hover.grade", lang), text=t("grade." + grade, lang)),
                marker={"color": colours[grade]},
                hovertemplate="%{y}: %{x}<extra>" + esc(t("grade." + grade, lang)) + "</extra>",
            )
        )
    totals = counts.sum(axis=1)
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=totals,
            mode="text",
            text=[f"  {int(v)}" for v in totals],
            textposition="middle right",
            textfont={"color": pal.text, "size": 13},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_yaxes(autorange="reversed", tickfont={"color": pal.text, "size": 13})
    fig.update_xaxes(title_text=t("chart.figures_count", lang), range=[0, totals.max() * 1.15])
    _finish(
        fig,
        title=title,
        footnote=footnote_lines(source_rows, lang, width=width - 12),
        pal=pal,
        height=170 + 40 * len(counts),
        lang=lang,
        top=100,
        title_width=width,
    )
    return Chart(key, fig, summary, source_rows)


FIGURES_PER_AREA_WIDTH = 64  # display width of its title: drawn on the Sources and methods page


def figures_per_area_chart(
    counts: pd.DataFrame, areas: pd.DataFrame, sources_rows: pd.DataFrame, lang: str, theme: str, *, key: str
) -> Chart:
    """Reported figures per priority, stacked by the reliability grade of their sources."""
    names = areas.set_index("area_id")[column("name", lang)]
    totals = counts.sum(axis=1)
    top_area = totals.idxmax()
    zero = [names[a] for a in counts.index if totals[a] == 0]
    summary = t(
        "chart.figures_per_area_summary", lang, n=int(totals.sum()), top=names[top_area], top_n=int(totals[top_area])
    )
    if zero:
        summary = join((summary, t("chart.figures_per_area_none", lang, names=join(zero, lang, "enumeration"))), lang)
    summary = t("fmt.sentence", lang, text=summary)
    return _grade_stack(
        counts,
        [esc(names[a]) for a in counts.index],
        sources_rows,
        lang,
        theme,
        key=key,
        title=t("title.figures_per_area", lang, n=int(totals.sum()), top=names[top_area], top_n=int(totals[top_area])),
        summary=summary,
        width=FIGURES_PER_AREA_WIDTH,
    )


def reliability_chart(counts: pd.DataFrame, sources_rows: pd.DataFrame, lang: str, theme: str, *, key: str) -> Chart:
    """Reported figures per kind of publisher, stacked by grade."""
    labels = [esc(t("reliability." + r, lang)) for r in counts.index]
    low = int(counts[Grade.LOW].sum())
    total = int(counts.values.sum())
    summary = t("chart.reliability_summary", lang, n=total, low=low)
    trusted = total - low
    top = counts.sum(axis=1).idxmax()
    top_label = t("reliability." + str(top), lang)
    title = t(
        "title.reliability",
        lang,
        trusted=trusted,
        total=total,
        top=top_label.lower() if lang == "en" else top_label,
        top_n=int(counts.loc[top].sum()),
    )
    return _grade_stack(counts, labels, sources_rows, lang, theme, key=key, title=title, summary=summary)
