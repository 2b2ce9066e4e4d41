"""The chart value: a Plotly figure with its title, summary, table and provenance, prepared once per dataset version."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import plotly.io

DEFAULT_HEIGHT = 400


MAX_SERIES_POINTS = 24  # labelled reports a series chart draws (the latest dates); its table and CSV keep all


MAX_BARS = 30  # bars a ranked chart draws (the largest); its table and CSV keep every one


MAX_FOOTNOTE_SOURCES = 6  # beyond this the footnote points to the Sources and methods page


DATE_TICKS = {"en": "%b %Y", "zh": "%Y年%-m月"}  # date axis labels in the viewer's language


FOOTNOTE_LINE = 15  # px per footnote line


FOOTNOTE_WIDTH = 120  # display width of a footnote line under a chart whose plot spans the figure


_AXIS_SPACE = 58  # px below the plot for tick labels and the x-axis title


class PreparedFigure(go.Figure):
    """A finished figure whose dict form is computed once. Streamlit asks for `to_dict()` on every run
    (a deep copy of the whole figure) and then encodes it as JSON; a cached chart's dict never changes, so
    it is kept, in plain JSON types (dates as the ISO text Plotly writes, arrays as lists), which the JSON
    encoder writes at once instead of walking the figure to convert its values on every run. The JSON is
    the same text. Do not change a PreparedFigure after it is made: build a new one."""

    def to_dict(self):
        prepared = self.__dict__.get("_prepared_dict")
        if prepared is None:
            prepared = json.loads(plotly.io.to_json(super().to_dict(), validate=False))
            self._prepared_dict = prepared
        return prepared


def prepared(chart: Chart) -> Chart:
    """The chart with its figure frozen for serving (see PreparedFigure)."""
    return Chart(chart.key, PreparedFigure(chart.figure), chart.summary, chart.rows, chart.lead)


@dataclass
class Chart:
    """A built chart: the figure, a summary of its finding, and the rows behind it. `lead` is the summary's
    first sentence when the summary goes on to more (the caption of a slide, where a paragraph would push
    the chart off the screen); empty when the summary is one sentence."""

    key: str
    figure: go.Figure
    summary: str
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    lead: str = ""

    @property
    def caption(self) -> str:
        """What a slide says under the chart: the lead sentence, or the whole summary when it is one."""
        return self.lead or self.summary

    def export_name(self, lang: str) -> str:
        return f"cdmm-{self.key}-{lang}"
