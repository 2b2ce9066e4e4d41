"""Build every page's figures and view-models in the background when the server starts, so that a room
opening the same link at once does not wait for them to be built by the first visitors (bench/RESULTS.md).

It walks the pages' declared contents (`deck.page_contents`, and every slide of `deck.deck`) and calls the
same cached functions the pages call, with the same arguments; nothing here renders. Pure: no Streamlit."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from dashboard import data, figures, methods, models
from dashboard.data import DataFileError
from dashboard.i18n import LANGS
from dashboard.layouts import Block, BlockKind
from dashboard.navigation import PAGES
from dashboard.takeaway import deck
from dashboard.theme import THEMES

LOG = logging.getLogger("dashboard")
_started = threading.Event()
done = threading.Event()  # set once the warm-up has finished (or stopped); /ready waits for it
problem: str | None = None  # why the last warm-up stopped before the end (None when it finished)


def _overview_models(lang: str) -> None:
    models.changes(lang, models.CHANGES_SHOWN)
    models.priority_cards(lang)
    models.currency(lang)


# The view-models a page shows besides its blocks.
PAGE_MODELS: dict[str, Callable[[str], object]] = {
    "overview": _overview_models,
    "targets": models.target_items,
    "timeline": models.all_event_lines,
    "sources": methods.methods,
    "explorer": models.explorer_options,
    "indicator": lambda lang: models.indicator_catalogue_lines(lang, ""),  # the catalogue without a search
}


def build_block(block: Block, lang: str, theme: str):
    """Build what one block shows; return its chart (None for cards and tables)."""
    if block.kind == BlockKind.CARDS:
        models.kpis(block.metrics, lang)
        return None
    if block.kind == BlockKind.ACTIONS:
        models.six_actions(lang)
        return None
    return figures.block_chart(block, lang, theme)


def warm(lang: str, theme: str) -> list:
    """Build what every page and every slide shows in one language and theme; return the charts built."""
    blocks = [block for spec in PAGES for block in deck.page_contents(spec.page_id, lang)]
    blocks += [slide.block for slide in deck.deck(lang) if slide.block is not None]
    built = [chart for chart in (build_block(block, lang, theme) for block in blocks) if chart is not None]
    built += models.explorer_first_page(lang, theme)
    for spec in PAGES:
        if spec.page_id in PAGE_MODELS:
            PAGE_MODELS[spec.page_id](lang)
    models.version_line(lang)
    return built


def warm_all() -> None:
    """Build what every page shows in every language and theme, in this thread."""
    for theme in THEMES:
        for lang in LANGS:
            warm(lang, theme)


def _run() -> None:
    global problem
    problem = None
    try:
        warm_all()
        LOG.info("warm-up done: every page's figures are built")
    except DataFileError as err:  # the pages that need the file will say so
        problem = f"warm-up stopped: {err}"
        LOG.warning("%s", problem)
    except Exception as err:  # noqa: BLE001 - a failed warm-up only means the first visitors build what they see
        problem = f"warm-up failed: {type(err).__name__}"
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


def _again_after_a_swap() -> None:
    """A warm-up that stopped (a table could not be used) runs again once a new version is served, so that
    /ready can say ready again."""
    if _started.is_set() and done.is_set() and problem is not None:
        done.clear()
        threading.Thread(target=_run, name="dashboard-warmup", daemon=True).start()


data.after_swap(_again_after_a_swap)
