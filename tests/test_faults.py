"""Broken data files, per table and per fault: the pages that need the file say which file and what to
do; every other page keeps working; nobody sees an exception or a traceback."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import sections
from dashboard.data import DataFileError, read_table
from dashboard.navigation import AREA_PAGE_IDS, PAGES
from dashboard.schema import TABLES
from tests.pages_helper import APP, plain

# The loader's refusals are unit tests (the quick loop); the sweeps that run every page of the app on the
# broken data are marked slow one by one.

EVERY_PAGE_CITES = {"sources"}  # every page lists or cites its sources, so every page needs this table


def break_file(folder, name: str, fault: str) -> None:
    path = folder / f"{name}.parquet"
    if fault == "missing":
        path.unlink()
    elif fault == "truncated":
        path.write_bytes(path.read_bytes()[: max(8, path.stat().st_size // 3)])
    else:  # schema drift: a column renamed and one retyped
        table = pq.read_table(path)
        first = table.column_names[1]
        drifted = table.rename_columns([*table.column_names[:1], first + "_v2", *table.column_names[2:]])
        pq.write_table(drifted.append_column("extra", pa.array([1] * table.num_rows)), path)


def run_every_page(lang: str = "en") -> dict[str, AppTest]:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    seen = {"overview": _snapshot(at)}
    for page in PAGES[1:]:
        at.switch_page(f"../pages/{page.script}").run()
        snapshots = [_snapshot(at)]
        if page.page_id in AREA_PAGE_IDS:  # a priority page shows one section at a time: open each
            for section in sections_offered(page.page_id, lang)[1:]:
                at.query_params[sections.PARAM] = section.section_id
                snapshots.append(_snapshot(at.run()))
            at.query_params.pop(sections.PARAM, None)
        seen[page.page_id] = _merged(snapshots)
    return seen


def sections_offered(area_id: str, lang: str) -> tuple[sections.Section, ...]:
    """The sections the page offers, worked out as the page does. When a file the page needs is broken, the
    page stops at its message (ui.require) and offers none: there is nothing further to open."""
    try:
        return sections.area_sections(area_id, lang)
    except DataFileError:
        return ()


def _merged(snapshots: list[dict]) -> dict:
    """What a viewer meets on a page over all its sections: every exception, error and metric."""
    return {
        "exceptions": [e for s in snapshots for e in s["exceptions"]],
        "errors": list(dict.fromkeys(e for s in snapshots for e in s["errors"])),
        "titles": snapshots[0]["titles"],
        "metrics": sum(s["metrics"] for s in snapshots),
    }


def pages_served_from(folder, served, lang: str = "en") -> dict[str, dict]:
    """Every page as a viewer sees it when the app reads its data from `folder` (`served`: conftest.py)."""
    served(folder)
    return run_every_page(lang)


def _snapshot(at: AppTest) -> dict:
    return {
        "exceptions": [e.value for e in at.exception],
        "errors": [plain(e.value) for e in at.error],
        "titles": [t.value for t in at.title],
        "metrics": len(at.metric),
    }


@pytest.mark.parametrize("fault", ["truncated", "drifted"])
@pytest.mark.parametrize("table", list(TABLES))
def test_a_broken_file_is_refused_with_its_name_and_the_fix(table, fault, datasets_copy):
    """Every table, every way a file can be broken: the loader refuses it with a message naming the file
    and what to do (the pages then show that message; see the sweeps below)."""
    break_file(datasets_copy, table, fault)
    with pytest.raises(DataFileError) as refused:
        read_table(table, str(datasets_copy))
    message = str(refused.value)
    assert f"{table}.parquet" in message and "Traceback" not in message
    assert "python -m dashboard.curation build" in message or "git checkout" in message


# Every page served from data with one file broken: each table missing, and a truncated and a drifted file
# (the loader treats those two like a missing one, as the test above shows for every table).
PAGE_SWEEPS = [
    *((table, "missing") for table in TABLES),
    ("observations", "truncated"),
    ("places", "drifted"),
]


@pytest.mark.slow  # every page of the app, in process
@pytest.mark.parametrize(("table", "fault"), PAGE_SWEEPS)
def test_broken_table(table, fault, datasets_copy, served):
    break_file(datasets_copy, table, fault)
    pages = pages_served_from(datasets_copy, served)
    file = f"{table}.parquet"
    failing = {pid for pid, p in pages.items() if p["errors"]}
    for pid, page in pages.items():
        assert not page["exceptions"], (pid, page["exceptions"])
        for error in page["errors"]:
            assert file in error and "Traceback" not in error, (pid, error)
            assert "python -m dashboard.curation build" in error or "git checkout" in error
        assert page["titles"], f"{pid} lost its title"
    # release only feeds the sidebar's version line, which then stays quiet; releases only the feed route
    if table not in ("release", "releases"):
        assert failing, f"no page noticed a {fault} {file}"
    if table not in EVERY_PAGE_CITES:
        assert len(failing) < len(pages), "a broken file must not take down every page"


@pytest.mark.slow  # every page of the app, in process
def test_broken_events_leave_overview_and_explorer_untouched(datasets_copy, served):
    break_file(datasets_copy, "events", "truncated")
    pages = pages_served_from(datasets_copy, served)
    for pid in ("overview", "explorer", "sources"):
        assert not pages[pid]["errors"], pid
    assert pages["timeline"]["errors"]


def _pages_with_maps() -> list[str]:
    """The priority pages that draw a map (points, or provinces coloured by a figure) on the shipped data."""
    from dashboard import figures
    from dashboard.navigation import AREA_PAGE_IDS
    from dashboard.takeaway import deck

    def draws_map(block) -> bool:
        chart = figures.block_chart(block, "en", "light") if block.kind in ("map", "places") else None
        return chart is not None and any(trace.type in ("scattergeo", "choropleth") for trace in chart.figure.data)

    return sorted(pid for pid in AREA_PAGE_IDS if any(draws_map(b) for b in deck.page_contents(pid, "en")))


@pytest.mark.slow  # every page of the app, in process
def test_broken_places_only_take_the_maps_off_their_pages(datasets_copy, served):
    with_maps = _pages_with_maps()  # on the intact data, before it is broken
    break_file(datasets_copy, "places", "missing")
    pages = pages_served_from(datasets_copy, served)
    ai = pages["ai_datasets"]
    assert ai["errors"] and ai["metrics"] >= 20, "the rest of the page still shows its figures"
    assert {"ai_datasets", "data_infrastructure", "data_market", "digital_china"} <= set(with_maps)
    assert sorted(pid for pid, p in pages.items() if p["errors"]) == with_maps


@pytest.mark.slow  # every page of the app, in process
@pytest.mark.parametrize("fault", ["missing", "truncated"])
def test_broken_map_outline(datasets_copy, served, fault):
    path = datasets_copy / "geo" / "china_provinces.geojson"
    if fault == "missing":
        path.unlink()
    else:
        path.write_text(path.read_text()[:500])
    pages = pages_served_from(datasets_copy, served)
    assert any("china_provinces.geojson" in e for e in pages["ai_datasets"]["errors"])
    assert pages["ai_datasets"]["metrics"] >= 20
    assert not pages["overview"]["errors"]


@pytest.mark.slow  # every page of the app, in process
def test_chinese_viewers_get_the_message_in_chinese(datasets_copy, served):
    break_file(datasets_copy, "observations", "truncated")
    pages = pages_served_from(datasets_copy, served, "zh")
    assert "不需要该文件的其他页面仍可正常使用" in pages["overview"]["errors"][0]
