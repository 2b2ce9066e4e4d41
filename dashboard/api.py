"""Read-only HTTP routes served beside the dashboard by the same server (see dashboard/server.py).

    /data/observations.csv|.parquet|.json|.xlsx   the explorer's rows; its filters as query parameters
    /data/metrics.csv, /data/sources.csv           the metrics and sources tables
    /data/places.csv, /data/priority_areas.csv     the places a figure can be about, the priorities and actions
    /data/datapackage.json                         a Frictionless Data Package describing those files
    /data/feed.xml                                 an Atom feed of figures by publication date (same filters)

The observation routes parse their parameters with `explorer.parse` and select rows with `explorer.apply`,
the functions the explorer page uses, and write them with the explorer's own writers: the CSV is the same
bytes as the page's download button. A parameter that is not known, or a value that the explorer would
ignore with a notice, gives 400 with a message that names it. Every response carries the dataset version
in its ETag (with a hash of the content), is cacheable and allows any origin; only GET and HEAD are
routed, and nothing here writes anything. The pandas work runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from dashboard import datapackage, explorer, export, feed, figures
from dashboard.data import DataFileError, load_table
from dashboard.i18n import LANGS
from dashboard.schema import ObservationKind

# Explorer URL parameters that are not filters: accepted (so that an explorer query string can be reused
# as it is) and ignored, once their value is one the page understands.
PAGE_ONLY = ("lang", explorer.CHART_PARAM)
OBSERVATION_PARAMS = (*explorer.PARAMS, *PAGE_ONLY)
# The query parameters each route takes (a route not listed takes none); the README documents every one
# (tests/test_docs.py).
ROUTE_PARAMS: dict[str, tuple[str, ...]] = {
    "/data/observations.{fmt}": OBSERVATION_PARAMS,
    "/data/feed.xml": OBSERVATION_PARAMS,
}
MAX_AGE = 300
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BadRequest(Exception):
    pass


REASONS = {
    "too_long": f"longer than {explorer.MAX_QUERY} characters",
    "unknown_id": "no such id",
    "not_date": "not a date (write YYYY-MM-DD)",
    "out_of_range": "outside 2000-01-01 to 2100-12-31",
    "before_from": "before the start date",
    "bad_kind": "use reported or derived",
    "bad_chart": f"use {' or '.join(explorer.CHART_KINDS)}",
    "bad_lang": f"use {' or '.join(LANGS)}",
    "repeated": "given more than once; give it once, with comma-separated values (metric=a,b)",
}


def _problems(notices: list[explorer.Notice], more: int = 0) -> str:
    """The notices as the 400 names them: at most a handful, each value clipped, and how many others
    (the explorer page shows the same ones)."""
    shown, more = explorer.bounded(notices, more)
    text = "; ".join(
        f"{n.param}={n.value!r}: {REASONS.get(n.reason, n.reason)}"
        + (f" (did you mean {n.suggestion}?)" if n.suggestion else "")
        for n in shown
    )
    return text + (f"; and {more:,} more" if more else "")


def _check_names(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query's parameters, one value each: an unknown name, a parameter given more than once, or a page
    parameter (lang, chart) with a value the explorer would ignore is a 400 that names it."""
    names = list(dict.fromkeys(request.query_params.keys()))
    unknown = [name for name in names if name not in allowed]
    if unknown:
        known = ", ".join(n for n in allowed if n not in PAGE_ONLY) or "none"
        first = unknown[: explorer.MAX_NOTICES - 1] if len(unknown) > explorer.MAX_NOTICES else unknown
        listed = ", ".join(
            explorer.clip(name) + (f" (did you mean {near}?)" if (near := explorer.closest(name, allowed)) else "")
            for name in first
        )
        if len(unknown) > len(first):
            listed += f" and {len(unknown) - len(first):,} more"
        raise BadRequest(f"Unknown query parameter(s): {listed}. Known parameters: {known}.")
    values, repeated = explorer.single_values({name: request.query_params.getlist(name) for name in names})
    if repeated:
        raise BadRequest(f"Repeated query parameter(s): {_problems(repeated)}.")
    notices = []
    if explorer.CHART_PARAM in values:
        notices += [n for n in [explorer.chart_kind(values[explorer.CHART_PARAM])[1]] if n is not None]
    if "lang" in values and values["lang"] not in LANGS:
        notices.append(
            explorer.Notice("lang", values["lang"][:40], "bad_lang", explorer.closest(values["lang"], LANGS))
        )
    if notices:
        raise BadRequest(f"Invalid query parameter value(s): {_problems(notices)}.")
    return {name: value for name, value in values.items() if name not in PAGE_ONLY}


def filters_of(params: dict[str, str]) -> explorer.Filters:
    """The explorer's filters from query parameters; any value the explorer would drop is an error here."""
    areas, sources, metrics = load_table("priority_areas"), load_table("sources"), load_table("metrics")
    places = set(load_table("places").place_id)
    parsed = explorer.parse(params, set(areas.area_id), set(sources.source_id), set(metrics.metric_id), places)
    if parsed.notices:
        raise BadRequest(f"Invalid query parameter value(s): {_problems(parsed.notices, parsed.more)}.")
    return parsed.filters


def select(filters: explorer.Filters):
    """The explorer's rows for these filters (the same function the page calls)."""
    return explorer.apply(figures.observation_view(), filters, load_table("priority_areas"))


def _release():
    return load_table("release").iloc[0]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def observations_body(fmt: str, params: dict[str, str], base: str) -> tuple[bytes, explorer.Filters]:
    filters = filters_of(params)
    rows = select(filters)
    if fmt == "csv":
        return export.csv_bytes(rows), filters
    if fmt == "parquet":
        return export.parquet_bytes(rows), filters
    if fmt == "json":
        return export.json_bytes(rows), filters
    release = _release()
    url = explorer.view_url(base, filters)
    today = dt.date.today().isoformat()
    citation = export.view_citation(
        release, url, "; ".join(f"{k}={v}" for k, v in explorer.to_params(filters).items()), today
    )
    about = export.about_rows(release, explorer.to_params(filters), url, today, citation)
    return export.xlsx_bytes(rows, load_table("sources"), about), filters


def _respond(
    request: Request, body: bytes, media_type: str, *, filename: str | None = None, weak: bool = False
) -> Response:
    version = str(_release()["version"])
    digest = hashlib.sha256(body if not weak else str(request.url).encode()).hexdigest()[:16]
    etag = f'{"W/" if weak else ""}"{version}-{digest}"'
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, X-Dataset-Version, Content-Disposition",
        "X-Dataset-Version": version,
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if filename:
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
    matches = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if etag in matches or etag.removeprefix("W/") in [m.removeprefix("W/") for m in matches]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _error(status: int, message: str) -> Response:
    return Response(
        message + "\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"},
    )


async def _guarded(work):
    try:
        return await anyio.to_thread.run_sync(work)
    except BadRequest as err:
        return _error(400, str(err))
    except DataFileError as err:
        return _error(503, f"The data cannot be read right now: {err}")


async def observations(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        return _error(404, f"No such format: {fmt}. Use one of: {', '.join('.' + f for f in FORMATS)}.")
    base = _base(request)

    def work():
        params = _check_names(request, ROUTE_PARAMS["/data/observations.{fmt}"])
        body, filters = observations_body(fmt, params, base)
        return _respond(
            request, body, FORMATS[fmt], filename=explorer.file_name(filters, dt.date.today(), fmt), weak=fmt == "xlsx"
        )

    return await _guarded(work)


async def table(request: Request) -> Response:
    name = request.path_params["name"]

    def work():
        _check_names(request, ())
        body = datapackage.table_csv(load_table(name), name)
        return _respond(request, body, FORMATS["csv"], filename=f"cdmm-{name}.csv")

    return await _guarded(work)


async def package(request: Request) -> Response:
    def work():
        _check_names(request, ())
        descriptor = datapackage.descriptor(_release(), load_table("sources"))
        return _respond(request, datapackage.descriptor_bytes(descriptor), "application/json")

    return await _guarded(work)


async def atom(request: Request) -> Response:
    base = _base(request)

    def work():
        params = _check_names(request, ROUTE_PARAMS["/data/feed.xml"])
        filters = filters_of(params)
        rows = select(filters)
        rows = rows[rows.kind == ObservationKind.REPORTED]
        body = feed.atom_bytes(rows, base, _release(), explorer.to_params(filters))
        return _respond(request, body, "application/atom+xml; charset=utf-8")

    return await _guarded(work)


def data_routes() -> list[Route]:
    """The routes that answer with data (GET, and HEAD which Starlette answers for every GET route)."""
    return [
        Route("/data/observations.{fmt}", observations, methods=["GET"]),
        *(Route(f"/data/{name}.csv", table_route(name), methods=["GET"]) for name in datapackage.TABLE_FILES),
        Route("/data/datapackage.json", package, methods=["GET"]),
        Route("/data/feed.xml", atom, methods=["GET"]),
    ]


def routes() -> list:
    """The Starlette routes of the data API: the data routes, then every other path under /data, which is
    a 404 with a short text (never the dashboard's page, which the server would otherwise send)."""
    every = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return [
        *data_routes(),
        Route("/data", not_found, methods=every),
        Route("/data/{rest:path}", not_found, methods=every),
    ]


PATHS = (
    "/data/observations.csv",
    "/data/observations.parquet",
    "/data/observations.json",
    "/data/observations.xlsx",
    *(f"/data/{name}.csv" for name in datapackage.TABLE_FILES),
    "/data/datapackage.json",
    "/data/feed.xml",
)


async def not_found(request: Request) -> Response:
    for route in data_routes():  # a data route asked with another method: 405, as Starlette says
        if route.matches(request.scope)[0] == Match.PARTIAL:
            response = _error(405, f"Method {request.method} is not allowed here; use GET or HEAD.")
            response.headers["Allow"] = "GET, HEAD"
            return response
    return _error(404, f"No such data route: {request.url.path}. The routes are: {', '.join(PATHS)}.")


def table_route(name: str):
    async def handler(request: Request) -> Response:
        request.path_params["name"] = name
        return await table(request)

    handler.__name__ = f"{name}_csv"
    return handler
