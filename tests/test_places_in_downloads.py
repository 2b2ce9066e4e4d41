"""Places and areas in every download (issue 23, item 1): each observation's place (id, names in both
languages, role, province, coordinates), its metric's area and that area's priority, and the Chinese note,
in the CSV, Parquet, JSON, Excel, the zip and the data package; the explorer's and indicator's tables show
the place; `place=` filters (ids, and `national` for figures about the whole country); the places and
priority areas are tables of the Frictionless package, joined by foreign keys. On the shipped data, through
the functions the routes and the explorer page call."""

import csv
import datetime as dt
import io
import json
import zipfile

import frictionless
import openpyxl
import pyarrow.parquet as pq
import pytest

from dashboard import api, datapackage, explorer, export, figures, views
from dashboard.data import load_table
from dashboard.ui import explorer_page

PLACE_COLUMNS = (
    "place_id",
    "place_en",
    "place_zh",
    "place_role",
    "province_en",
    "province_zh",
    "place_lat",
    "place_lon",
)
AREA_COLUMNS = ("area_id", "priority_id")
PROVINCIAL = "province_digital_economy_scale"  # 21 figures, one metric, several provinces on the same date


def records(fmt: str, params: dict) -> list[dict]:
    """The rows a route gives for these parameters, as dicts of text (None for an empty cell)."""
    body = api.observations_body(fmt, api.filters_of(params), "http://localhost", dt.date.today())
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]
    if fmt == "parquet":
        return pq.read_table(io.BytesIO(body)).to_pylist()
    if fmt == "json":
        return json.loads(body)
    sheet = openpyxl.load_workbook(io.BytesIO(body))["observations"]
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "xlsx"])
def test_every_format_says_which_place_a_figure_is_about(fmt):
    places = load_table("places").set_index("place_id")
    rows = records(fmt, {"metric": PROVINCIAL})
    assert len(rows) == 21
    for column in (*PLACE_COLUMNS, *AREA_COLUMNS, "note_zh"):
        assert column in rows[0], f"{fmt} has no {column} column"
    for row in rows:
        place = places.loc[row["place_id"]]
        assert (row["place_en"], row["place_zh"], row["place_role"]) == (place.name_en, place.name_zh, place.role)
        assert (row["province_en"], row["province_zh"]) == (place.province_en, place.province_zh)
        assert float(row["place_lat"]) == place.lat and float(row["place_lon"]) == place.lon
    # several figures describe 2021 (seven in the 1.4.0 data): told apart by their place, never by chance
    in_2021 = [r for r in rows if str(r["as_of"]).startswith("2021-12-31")]
    assert len(in_2021) >= 6 and len({r["place_id"] for r in in_2021}) == len(in_2021)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "xlsx"])
def test_a_national_figure_has_no_place_and_every_figure_its_area_and_priority(fmt):
    areas = load_table("priority_areas").set_index("area_id")
    metrics = load_table("metrics").set_index("metric_id")
    rows = records(fmt, {"metric": "hqds_count"})
    assert rows and all(row[c] is None for row in rows for c in PLACE_COLUMNS)
    for row in records(fmt, {"area": "ai_datasets"}):
        area = metrics.loc[row["metric_id"], "area_id"]
        assert row["area_id"] == area
        parent = areas.loc[area, "parent_id"]
        assert row["priority_id"] == (parent if isinstance(parent, str) else area) == "ai_datasets"


def test_the_chinese_note_is_exported():
    view = figures.observation_view()
    noted = view[view.note_zh.notna() & (view.note_zh != "")]
    assert len(noted) > 100
    by_id = {r["obs_id"]: r for r in records("csv", {})}
    assert all(by_id[o]["note_zh"] == n for o, n in zip(noted.obs_id, noted.note_zh, strict=True))


def test_area_can_be_reproduced_offline_from_the_download():
    """`area=ai_datasets` selects the rows whose area or priority is ai_datasets: the columns say so."""
    every = records("csv", {})
    offline = {r["obs_id"] for r in every if "ai_datasets" in (r["area_id"], r["priority_id"])}
    assert offline == {r["obs_id"] for r in records("csv", {"area": "ai_datasets"})}
    action = {r["obs_id"] for r in every if r["area_id"] == "action_labeling"}
    assert action == {r["obs_id"] for r in records("csv", {"area": "action_labeling"})} and action


def selected(params: dict) -> list[str]:
    filters = api.filters_of(params)
    return list(api.select(filters).obs_id)


def test_place_filters_ids_and_national():
    view = figures.observation_view()
    national = set(views.national(view).obs_id)
    assert set(selected({"place": "national"})) == national and 0 < len(national) < len(view)
    guangdong = set(selected({"place": "prov_guangdong"}))
    assert guangdong == set(view.obs_id[view.place_id == "prov_guangdong"]) and guangdong
    both = set(selected({"place": "prov_guangdong,national"}))
    assert both == guangdong | national
    two = set(selected({"place": "prov_guangdong,prov_henan", "metric": PROVINCIAL}))
    assert len(two) == 5
    assert explorer.to_params(api.filters_of({"place": "national,prov_henan"})) == {"place": "national,prov_henan"}


def test_an_unknown_place_is_a_notice_in_the_explorer_and_an_error_on_the_routes():
    places = set(load_table("places").place_id)
    parsed = explorer.parse({"place": "atlantis,prov_henan"}, set(), set(), None, places)
    assert parsed.filters.places == ("prov_henan",)
    assert [(n.param, n.value, n.reason) for n in parsed.notices] == [("place", "atlantis", "unknown_id")]
    with pytest.raises(api.BadRequest, match="place"):
        api.filters_of({"place": "atlantis"})


def test_the_explorer_and_indicator_tables_show_the_place():
    view = figures.observation_view()
    rows = view[view.metric_id == PROVINCIAL]
    for lang, column in (("en", "name_en"), ("zh", "name_zh")):
        table = explorer.display_frame(rows, lang)
        names = dict(zip(load_table("places").place_id, load_table("places")[column], strict=True))
        assert list(table["place"]) == [names[p] for p in rows.place_id]
    national = explorer.display_frame(view[view.metric_id == "hqds_count"], "en")
    assert set(national["place"]) == {""}


def test_places_and_priority_areas_are_in_the_package_with_foreign_keys(tmp_path):
    release, sources = load_table("release").iloc[0], load_table("sources")
    descriptor = datapackage.descriptor(release, sources)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert {"places", "priority_areas"} <= set(resources)
    keys = {
        (tuple(k["fields"]), k["reference"]["resource"], tuple(k["reference"]["fields"]))
        for k in resources["observations"]["schema"].get("foreignKeys", [])
    }
    assert (("place_id",), "places", ("place_id",)) in keys
    assert (("metric_id",), "metrics", ("metric_id",)) in keys
    assert (("priority_id",), "priority_areas", ("area_id",)) in keys
    metric_keys = {
        (tuple(k["fields"]), k["reference"]["resource"]) for k in resources["metrics"]["schema"]["foreignKeys"]
    }
    assert (("area_id",), "priority_areas") in metric_keys
    # the zip holds every file the package names, and it validates (foreign keys included)
    rows = explorer.apply(figures.observation_view(), explorer.Filters(), load_table("priority_areas"))
    meta = export.metadata(rows, sources, release, {}, "http://x/explorer", "now")
    data = export.bundle_zip(rows, meta, "cite", explorer_page.bundle_extra(sources, release, {}))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = set(bundle.namelist())
        bundle.extractall(tmp_path)
    assert {"places.csv", "priority_areas.csv"} <= names
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]
    areas = list(csv.DictReader(io.StringIO((tmp_path / "priority_areas.csv").read_text("utf-8-sig"))))
    assert {a["area_id"]: a["parent_id"] for a in areas}["action_labeling"] == "ai_datasets"


def test_a_broken_foreign_key_fails_validation(tmp_path):
    """The foreign keys are checked: a place id that is not in places.csv makes the package invalid."""
    release, sources = load_table("release").iloc[0], load_table("sources")
    rows = explorer.apply(
        figures.observation_view(), explorer.Filters(metrics=(PROVINCIAL,)), load_table("priority_areas")
    )
    meta = export.metadata(rows, sources, release, {}, "http://x/explorer", "now")
    data = export.bundle_zip(rows, meta, "cite", explorer_page.bundle_extra(sources, release, {}))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        bundle.extractall(tmp_path)
    path = tmp_path / "observations.csv"
    path.write_text(path.read_text("utf-8-sig").replace("prov_henan", "prov_atlantis"), "utf-8-sig")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid and "foreign" in json.dumps(report.flatten(["type"])).lower()


@pytest.mark.parametrize("name", ["places", "priority_areas"])
def test_the_places_and_areas_routes_serve_their_tables(name):
    from tests.asgi import call

    status, headers, body = call(f"/data/{name}.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    table = load_table(name)
    assert len(rows) == len(table) and list(rows[0]) == list(datapackage.TABLES[name].column_names)


def test_the_explorer_page_filters_by_place_and_shows_it():
    from tests.pages_helper import open_page, plain

    at = open_page("explorer", {"place": "prov_henan", "lang": "zh"})
    assert not at.exception and not at.warning
    assert at.multiselect(key="ex_place").value == ["prov_henan"]
    table = at.dataframe[0].value
    view = figures.observation_view()
    assert len(table) == (view.place_id == "prov_henan").sum() and set(table["place"]) == {"河南"}
    at = open_page("explorer", {"place": "national,atlantis"})
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "place=“atlantis”" in notices and at.multiselect(key="ex_place").value == ["national"]
    assert len(at.dataframe[0].value) == min(len(views.national(view)), explorer.PAGE_SIZE)
