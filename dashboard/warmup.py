"""Build every page's figures and view-models in the background when the server starts, so that a room
opening the same link at once does not wait for them to be built by the first visitors (bench/RESULTS.md).
It calls the same cached functions the pages call, with the same arguments; nothing here renders."""

from __future__ import annotations

import logging
import threading

from dashboard import area_page, deck, figures, indicator_page, models
from dashboard.data import DataFileError
from dashboard.i18n import LANGS
from dashboard.layouts import AREA_BLOCKS
from dashboard.methods_page import methods
from dashboard.navigation import AREA_PAGE_IDS
from dashboard.theme import THEMES

LOG = logging.getLogger("dashboard")
_started = threading.Event()
done = threading.Event()  # set once the warm-up has finished (or stopped); /ready waits for it


def warm(lang: str, theme: str) -> list:
    """Build what every page shows in one language and theme; return the charts built."""
    built: list = []

    def chart(value) -> None:
        if value is not None:
            built.append(value)

    headlines = models.headline_ids()
    models.kpis(tuple(headlines[:5]), lang)
    models.kpis(tuple(headlines[5:]), lang)
    for limit in (5, 6):
        models.changes(lang, limit)
    models.priority_cards(lang)
    models.version_line(lang)
    models.currency(lang)
    chart(figures.figures_per_area(lang, theme))
    for metric_id in models.overview_series():
        chart(figures.series(metric_id, (metric_id,), lang, theme))
    for area_id in AREA_PAGE_IDS:
        page = area_page.page_model(area_id, lang)
        models.kpis(page.other_metrics, lang)
        for block in area_page.extra_blocks(page):
            chart(area_page.block_chart(block, lang, theme))
        if len(page.events) >= area_page.MIN_EVENTS_FOR_CHART:
            chart(figures.timeline(area_id, lang, theme))
        for block in AREA_BLOCKS.get(area_id, ()):
            if block.kind == "cards":
                models.kpis(block.metrics, lang)
            else:
                chart(area_page.block_chart(block, lang, theme))
    models.six_actions(lang)
    chart(figures.timeline(None, lang, theme))
    models.all_event_lines(lang)
    chart(figures.source_grades(lang, theme))
    methods(lang)
    models.explorer_options(lang)
    for value in explorer_first_page(lang, theme):
        chart(value)
    deck.deck(lang)
    indicator_page.catalogue_lines(lang, "")  # the indicator catalogue, opened without a search
    return built


def explorer_first_page(lang: str, theme: str) -> list:
    """What the explorer opened without filters shows: its rows, the first page of its table, its charts."""
    from dashboard import components, explorer, explorer_page

    filters = explorer.Filters()
    selected = models.explorer_selection(filters)
    view = figures.observation_view()
    start, stop = explorer.page_bounds(len(selected), 1)
    components.table_data(("explorer", filters, start, lang),
                          lambda: explorer_page.page_table(view.iloc[selected[start:stop]], lang))
    return explorer_page.chart_objects(lambda: view, filters, explorer.CHART_KINDS[0], lang, theme)[1]


def warm_all() -> None:
    """Build what every page shows in every language and theme, in this thread."""
    for theme in THEMES:
        for lang in LANGS:
            warm(lang, theme)


def _run() -> None:
    try:
        warm_all()
        LOG.info("warm-up done: every page's figures are built")
    except DataFileError as err:  # the pages that need the file will say so
        LOG.warning("warm-up stopped: %s", err)
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first visitors build what they see
        LOG.exception("warm-up failed")
    finally:
        done.set()


_START_LOCK = threading.Lock()


def start_once() -> None:
    """Start the warm-up in a background thread, once per process (whichever thread asks first)."""
    with _START_LOCK:
        if _started.is_set():
            return
        _started.set()
    threading.Thread(target=_run, name="dashboard-warmup", daemon=True).start()
