"""Chart builders: pure functions (DataFrame, language, theme -> Chart). No Streamlit in this package.

Every chart states its finding in its title, labels its axes with units, carries its provenance in a
footnote drawn inside the figure (so a PNG export or a screen-share keeps it), shows the exact value,
qualifier, date, source, grade and evidence on hover, marks low-reliability sources and conflicts, and
draws a lower bound as a lower bound. Text from the data is HTML-escaped before Plotly sees it.

One module per chart family (series, ranking, maps, timeline, dataset, sparkline) and the parts they share
(base: the Chart value; text: what a chart says about a row; style: the finishing step and marks;
labels: placing text without collisions; output: slides and pictures). This module re-exports them.
"""

from dashboard.charts.base import (
    _AXIS_SPACE as _AXIS_SPACE,
)
from dashboard.charts.base import (
    DATE_TICKS as DATE_TICKS,
)
from dashboard.charts.base import (
    DEFAULT_HEIGHT as DEFAULT_HEIGHT,
)
from dashboard.charts.base import (
    FOOTNOTE_LINE as FOOTNOTE_LINE,
)
from dashboard.charts.base import (
    MAX_BARS as MAX_BARS,
)
from dashboard.charts.base import (
    MAX_FOOTNOTE_SOURCES as MAX_FOOTNOTE_SOURCES,
)
from dashboard.charts.base import (
    MAX_SERIES_POINTS as MAX_SERIES_POINTS,
)
from dashboard.charts.base import (
    Chart as Chart,
)
from dashboard.charts.base import (
    PreparedFigure as PreparedFigure,
)
from dashboard.charts.base import (
    prepared as prepared,
)
from dashboard.charts.dataset import (
    FIGURES_PER_AREA_WIDTH as FIGURES_PER_AREA_WIDTH,
)
from dashboard.charts.dataset import (
    _grade_stack as _grade_stack,
)
from dashboard.charts.dataset import (
    figures_per_area_chart as figures_per_area_chart,
)
from dashboard.charts.dataset import (
    reliability_chart as reliability_chart,
)
from dashboard.charts.labels import (
    _MAP_POSITIONS as _MAP_POSITIONS,
)
from dashboard.charts.labels import (
    MAP_CHAR_PX as MAP_CHAR_PX,
)
from dashboard.charts.labels import (
    MAP_LABEL_GAP_PX as MAP_LABEL_GAP_PX,
)
from dashboard.charts.labels import (
    MAP_LINE_PX as MAP_LINE_PX,
)
from dashboard.charts.labels import (
    MAP_MARKER_PX as MAP_MARKER_PX,
)
from dashboard.charts.labels import (
    MAP_PX_PER_DEGREE as MAP_PX_PER_DEGREE,
)
from dashboard.charts.labels import (
    MAP_SLIDE_PX_PER_DEGREE as MAP_SLIDE_PX_PER_DEGREE,
)
from dashboard.charts.labels import (
    _label_box as _label_box,
)
from dashboard.charts.labels import (
    _mercator_y as _mercator_y,
)
from dashboard.charts.labels import (
    _overlap as _overlap,
)
from dashboard.charts.labels import (
    _PointLabels as _PointLabels,
)
from dashboard.charts.labels import (
    place_map_labels as place_map_labels,
)
from dashboard.charts.maps import (
    city_map as city_map,
)
from dashboard.charts.maps import (
    province_map as province_map,
)
from dashboard.charts.output import (
    footnote_text as footnote_text,
)
from dashboard.charts.output import (
    for_picture as for_picture,
)
from dashboard.charts.output import (
    for_slides as for_slides,
)
from dashboard.charts.output import (
    slide_figure as slide_figure,
)
from dashboard.charts.output import (
    slide_min_height as slide_min_height,
)
from dashboard.charts.ranking import (
    compare_chart as compare_chart,
)
from dashboard.charts.ranking import (
    latest_bars as latest_bars,
)
from dashboard.charts.ranking import (
    share_chart as share_chart,
)
from dashboard.charts.series import (
    GROWTH_KINDS as GROWTH_KINDS,
)
from dashboard.charts.series import (
    GROWTH_QUALIFIERS as GROWTH_QUALIFIERS,
)
from dashboard.charts.series import (
    MAX_SUMMARY_SERIES as MAX_SUMMARY_SERIES,
)
from dashboard.charts.series import (
    _series_summary as _series_summary,
)
from dashboard.charts.series import (
    growth_clause as growth_clause,
)
from dashboard.charts.series import (
    series_chart as series_chart,
)
from dashboard.charts.series import (
    series_sentence as series_sentence,
)
from dashboard.charts.series import (
    series_window as series_window,
)
from dashboard.charts.sparkline import (
    SPARK_HEIGHT as SPARK_HEIGHT,
)
from dashboard.charts.sparkline import (
    SPARK_WIDTH as SPARK_WIDTH,
)
from dashboard.charts.sparkline import (
    sparkline_svg as sparkline_svg,
)
from dashboard.charts.style import (
    _AXIS_KEY as _AXIS_KEY,
)
from dashboard.charts.style import (
    _LEGEND_MARK as _LEGEND_MARK,
)
from dashboard.charts.style import (
    _SYMBOL as _SYMBOL,
)
from dashboard.charts.style import (
    LEGEND_ROW as LEGEND_ROW,
)
from dashboard.charts.style import (
    LOG_SPAN as LOG_SPAN,
)
from dashboard.charts.style import (
    SLIDE_DATE_TICKS as SLIDE_DATE_TICKS,
)
from dashboard.charts.style import (
    TITLE_PX_PER_WIDTH as TITLE_PX_PER_WIDTH,
)
from dashboard.charts.style import (
    X_TICK_STANDOFF as X_TICK_STANDOFF,
)
from dashboard.charts.style import (
    _chinese_count_ticks as _chinese_count_ticks,
)
from dashboard.charts.style import (
    _finish as _finish,
)
from dashboard.charts.style import (
    _legend_marks as _legend_marks,
)
from dashboard.charts.style import (
    _mark_class as _mark_class,
)
from dashboard.charts.style import (
    _marker as _marker,
)
from dashboard.charts.style import (
    _merge as _merge,
)
from dashboard.charts.style import (
    legend_rows as legend_rows,
)
from dashboard.charts.style import (
    log_scale as log_scale,
)
from dashboard.charts.style import (
    series_colours as series_colours,
)
from dashboard.charts.targets import (
    progress_chart as progress_chart,
)
from dashboard.charts.text import (
    conflict_topics as conflict_topics,
)
from dashboard.charts.text import (
    esc as esc,
)
from dashboard.charts.text import (
    footnote_lines as footnote_lines,
)
from dashboard.charts.text import (
    hover_text as hover_text,
)
from dashboard.charts.text import (
    labels_plain as labels_plain,
)
from dashboard.charts.text import (
    publisher as publisher,
)
from dashboard.charts.text import (
    source_label as source_label,
)
from dashboard.charts.text import (
    unit_of as unit_of,
)
from dashboard.charts.text import (
    value_text as value_text,
)
from dashboard.charts.timeline import (
    timeline_chart as timeline_chart,
)
