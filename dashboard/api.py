"""Read-only HTTP routes served beside the dashboard by the same server (see dashboard/server.py).

    /data/observations.csv|.parquet|.json|.xlsx   the explorer's rows; its filters as query parameters
    /data/metrics.csv, /data/sources.csv           the metrics and sources tables
    /data/places.csv, /data/priority_areas.csv     the places a figure can be about, the priorities and actions
    /data/targets.csv|.json|.parquet               every policy target and where it stands (area, status, metric, place)
    /data/datapackage.json                         a Frictionless Data Package describing those files
    /data/feed.xml                                 an Atom feed of figures by publication date (same filters)

The observation routes parse their parameters with `explorer.parse` and select rows with `explorer.apply`,
the functions the explorer page uses, and write them with the explorer's own writers: the CSV is the same
bytes as the page's download button. A parameter that is not known, or a value that the explorer would
ignore with a notice, gives 400 with a message that names it. Every response carries the dataset version
in its ETag, computed from the request before the body is built (`etag_for`), so that a revalidation costs
a 304 and no rows; it is cacheable, allows any origin (CORS preflights are answered), and is sent as an
attachment with its file name. The Parquet file is served in parts (Range, 206) and the JSON route in
pages (limit, offset, Link: rel="next"). Only GET, HEAD and OPTIONS are routed, and nothing here writes
anything. The pandas work runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlencode

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from dashboard import datapackage, explorer, export, feed, figures, indicator, models, settings, targets, views
from dashboard.data import DataFileError, kept_labels, kept_version, load_table, run_version, serving
from dashboard.i18n import LANGS
from dashboard.schema import TARGET_DOWNLOAD, ObservationKind

# Explorer URL parameters that are not filters: accepted (so that an explorer query string can be reused
# as it is) and ignored, once their value is one the page understands.
PAGE_ONLY = ("lang", explorer.CHART_PARAM)
OBSERVATION_PARAMS = (*explorer.PARAMS, *PAGE_ONLY)
# The query parameters each route takes (a route not listed takes none); the README documents every one
# (tests/test_docs.py).
TARGET_FORMATS = ("csv", "json", "parquet")  # /data/targets.<fmt>: every policy target and where it stands
TARGET_PARAMS = (*targets.FILTER_PARAMS, "lang")
PAGING = ("limit", "offset")  # the JSON route's pages (CSV, Parquet and Excel stay whole)
KNOWN_AT = "known_at"  # what had been published by a date (views.known_at); the routes' own, not the explorer's
MAX_LIMIT = 10_000
ROUTE_PARAMS: dict[str, tuple[str, ...]] = {
    "/data/observations.{fmt}": (*OBSERVATION_PARAMS, KNOWN_AT),
    "/data/observations.json": (*OBSERVATION_PARAMS, KNOWN_AT, *PAGING),
    "/data/feed.xml": (*OBSERVATION_PARAMS, "page"),
    **{f"/data/targets.{fmt}": TARGET_PARAMS for fmt in TARGET_FORMATS},
}
NOT_COMPRESSED = ("parquet", "xlsx")  # compressed already: never gzipped again (see DataHeaders)
RANGES = ("parquet",)  # answered in parts (Range, 206), for readers that seek such as DuckDB's httpfs
PREFLIGHT_HEADERS = ("If-None-Match", "If-Range", "Range", "Accept-Encoding")  # what a cross-origin reader may send


def params_of(path: str) -> tuple[str, ...]:
    """The query parameters a data path (or route pattern) takes; none for a path not listed. A path under
    /data/v/<version>/ takes those of the same route without it."""
    path = re.sub(r"^/data/v/[^/]+/", "/data/", path)
    if path in ROUTE_PARAMS:
        return ROUTE_PARAMS[path]
    if path.startswith("/data/observations."):
        return ROUTE_PARAMS["/data/observations.{fmt}"]
    return ()


MAX_AGE = 300
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UNCOMPRESSED_TYPES = {FORMATS[fmt] for fmt in NOT_COMPRESSED}


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
    parameter (lang, chart) with a value the explorer would ignore is a 400 that names it. The page
    parameters are left out."""
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


def select(filters: explorer.Filters, known: dt.date | None = None):
    """The explorer's rows for these filters (the same function the page calls); with `known`, only those
    published by that date (the function the indicator page's "what was known when" reads)."""
    rows = explorer.apply(figures.observation_view(), filters, load_table("priority_areas"))
    return rows if known is None else views.known_at(rows, known)


def _known_at(params: dict[str, str]) -> dt.date | None:
    """The `known_at` date of an observation route (taken out of `params`), or None when not given."""
    if KNOWN_AT not in params:
        return None
    raw = params.pop(KNOWN_AT).strip()
    try:
        day = dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        day = None
    if day is None:
        raise BadRequest(f"Invalid query parameter value(s): {KNOWN_AT}={raw[:40]!r}: {REASONS['not_date']}.")
    if not explorer.DATE_MIN <= day <= explorer.DATE_MAX:
        raise BadRequest(f"Invalid query parameter value(s): {KNOWN_AT}={raw!r}: {REASONS['out_of_range']}.")
    return day


def _release():
    return load_table("release").iloc[0]


def observations_body(
    fmt: str, filters: explorer.Filters, base: str, today: dt.date, known: dt.date | None = None
) -> bytes:
    """The whole file of the explorer's rows for these filters (`base` and `today`: the address the
    workbook's view link and citation name, `settings.citation_base_url()`, and its access date; `known`:
    only what had been published by that date)."""
    rows = select(filters, known)
    if fmt == "csv":
        return export.csv_bytes(rows)
    if fmt == "parquet":
        return export.parquet_bytes(rows)
    if fmt == "json":
        return export.json_bytes(rows)
    release = _release()
    url = explorer.view_url(base, filters)
    vintage = {KNOWN_AT: known.isoformat()} if known else {}
    data_url = explorer.version_url(base, str(release["version"]), filters, extra=vintage)
    params = {**explorer.to_params(filters), **vintage}
    accessed = today.isoformat()
    citation = export.view_citation(release, url, "; ".join(f"{k}={v}" for k, v in params.items()), accessed, data_url)
    about = export.about_rows(release, params, url, accessed, citation, data_url)
    return export.xlsx_bytes(rows, load_table("sources"), about)


@functools.cache
def code_revision() -> str:
    """A hash of the code that writes the data routes' bodies (the `dashboard` package, its Streamlit layer
    aside), read once per process: a new release of the code changes every ETag, even for the same data."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "ui" not in path.relative_to(root).parts[:-1]:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def etag_for(path: str, query: Mapping[str, str], *, extra: Iterable[str] = (), weak: bool = False) -> str:
    """The ETag of a data response, computed from what decides its body, never from the body itself, so
    that a request whose ETag matches is answered 304 before any row is selected or written: the dataset
    version served now (its marker: the content, not only the label), the code (`code_revision`), the route's
    path, its canonical query (`query`: the parameters that change the body, each once, in any order) and
    anything else the body holds (`extra`: the public base URL of a citation, the access date of a workbook).
    `weak` for a body that is equivalent but not byte for byte the same each time (a workbook's zip
    timestamps). The same inputs give the same ETag, so it can key a cache of built bodies too."""
    version = run_version()
    parts = [version.marker.key, code_revision(), path, urlencode(sorted(query.items())), *extra]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
    return f'{"W/" if weak else ""}"{_release()["version"]}-{digest}"'


def matches(header: str, etag: str) -> bool:
    """Whether an If-None-Match header matches `etag`: `*`, or the same tag in a weak comparison (RFC 9110
    13.1.2: W/ is ignored on either side)."""
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range of bytes (first, last, inclusive) that a Range header asks of a body of `size` bytes;
    None when the header is to be ignored (absent, malformed, not in bytes, or several ranges: the whole body
    is sent, as RFC 9110 14.2 allows). Raises `Unsatisfiable` for a range that starts past the end."""
    found = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header or "")
    if not found or not (found[1] or found[2]):
        return None
    if not found[1]:  # the last N bytes
        if int(found[2]) == 0:
            raise Unsatisfiable
        return max(size - int(found[2]), 0), size - 1
    first = int(found[1])
    last = int(found[2]) if found[2] else size - 1
    if found[2] and last < first:
        return None
    if first >= size:
        raise Unsatisfiable
    return first, min(last, size - 1)


class Unsatisfiable(Exception):
    pass


EXPOSED = "ETag, X-Dataset-Version, Content-Disposition, Content-Range, Accept-Ranges, Link, X-Total-Count"


def _answer(
    request: Request,
    etag: str,
    build: Callable[[], tuple[bytes, dict[str, str]]],
    media_type: str,
    *,
    filename: str | None = None,
    ranges: bool = False,
) -> Response:
    """The response of a data route: 304 when If-None-Match matches `etag` (`build` is not called), else
    `build()`'s body and headers; with `ranges`, a GET with one satisfiable Range gets 206 and that part
    (If-Range with another ETag gets the whole body), and a range past the end gets 416."""
    sent = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": EXPOSED,
        "X-Dataset-Version": str(_release()["version"]),
        "X-Content-Type-Options": "nosniff",
    }
    if media_type not in UNCOMPRESSED_TYPES:
        sent["Vary"] = "Accept-Encoding"  # the server gzips it for a client that asks
    if ranges:
        sent["Accept-Ranges"] = "bytes"
    if filename:
        sent["Content-Disposition"] = f'attachment; filename="{filename}"'
    if matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=sent)
    body, more = build()
    sent |= more
    asked = request.headers.get("range")
    if ranges and asked and request.method == "GET":
        if_range = request.headers.get("if-range")
        if if_range is None or (if_range.strip() == etag and not etag.startswith("W/")):
            try:
                part = byte_range(asked, len(body))
            except Unsatisfiable:
                sent.pop("Content-Disposition", None)
                return Response(
                    status_code=416, media_type=media_type, headers={**sent, "Content-Range": f"bytes */{len(body)}"}
                )
            if part is not None:
                first, last = part
                sent["Content-Range"] = f"bytes {first}-{last}/{len(body)}"
                return Response(body[first : last + 1], status_code=206, media_type=media_type, headers=sent)
    return Response(body, media_type=media_type, headers=sent)


def _error(status: int, message: str) -> Response:
    return Response(
        message + "\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


IMMUTABLE = "public, max-age=31536000, immutable"  # a kept version's answer never changes


async def _guarded(work, request: Request | None = None):
    """Run `work` in a worker thread; under /data/v/<version>/, with that kept version pinned (404 when the
    store does not keep it) and answers marked immutable."""
    label = request.path_params.get("version") if request is not None else None

    def run() -> Response:
        if label is None:
            return work()
        version = kept_version(label)
        if version is None:
            return _error(404, not_kept(label))
        with serving(version):
            response = work()
        if response.status_code in (200, 206, 304):
            response.headers["Cache-Control"] = IMMUTABLE
        return response

    try:
        return await anyio.to_thread.run_sync(run)
    except BadRequest as err:
        return _error(400, str(err))
    except DataFileError as err:
        return _error(503, f"The data cannot be read right now: {err}")


def not_kept(label: str) -> str:
    """Why /data/v/<label>/... is a 404: the versions this store keeps, and which stores keep what."""
    kept = list(dict.fromkeys([*kept_labels(), str(_release()["version"])]))
    return (
        f"Dataset version {label[:40]!r} is not kept here. This store serves: {', '.join(kept)} "
        f"(current: {_release()['version']}). A folder written by `curation build` (the default) keeps only the "
        "current version; a store written by `curation publish` keeps every version it published."
    )


def _paging(params: dict[str, str]) -> dict[str, int]:
    """The JSON route's `offset` and `limit`, checked (taken out of `params`; those not given left out)."""
    numbers: dict[str, int] = {}
    for name, low, high in (("offset", 0, None), ("limit", 1, MAX_LIMIT)):
        if name in params:
            raw = params.pop(name).strip()
            if not re.fullmatch(r"\d+", raw) or int(raw) < low or (high is not None and int(raw) > high):
                bound = f"from {low} to {high}" if high else f"{low} or more"
                raise BadRequest(f"Invalid query parameter value(s): {name}={raw!r}: use a whole number {bound}.")
            numbers[name] = int(raw)
    return numbers


def json_page(
    path: str, filters: explorer.Filters, paging: dict[str, int], known: dt.date | None = None
) -> tuple[bytes, dict[str, str]]:
    """One page of the JSON route: its records, and the headers that say where it sits (the total number of
    rows, and a link relative to the server to the next page while there is one)."""
    rows = select(filters, known)
    offset, limit = paging.get("offset", 0), paging.get("limit")
    stop = len(rows) if limit is None else offset + limit
    headers = {"X-Total-Count": str(len(rows))}
    if limit is not None and stop < len(rows):
        vintage = {KNOWN_AT: known.isoformat()} if known else {}
        query = {**explorer.to_params(filters), **vintage, "offset": str(stop), "limit": str(limit)}
        headers["Link"] = f'<{path}?{urlencode(query)}>; rel="next"'
    return export.json_bytes(rows.iloc[offset:stop]), headers


async def observations(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        return _error(404, f"No such format: {fmt}. Use one of: {', '.join('.' + f for f in FORMATS)}.")
    base = settings.citation_base_url()
    path = request.url.path

    def work():
        params = _check_names(request, params_of(path))
        paging = _paging(params) if fmt == "json" else {}
        known = _known_at(params)
        filters = filters_of(params)
        query = {**explorer.to_params(filters), **{k: str(v) for k, v in paging.items()}}
        if known:
            query[KNOWN_AT] = known.isoformat()
        today = dt.date.today()
        extra = (base, today.isoformat()) if fmt == "xlsx" else ()  # the workbook's view link and access date
        etag = etag_for(path, query, extra=extra, weak=fmt == "xlsx")

        def build() -> tuple[bytes, dict[str, str]]:
            if fmt == "json":
                return json_page(path, filters, paging, known)
            return observations_body(fmt, filters, base, today, known), {}

        name = explorer.file_name(filters, today, fmt, known)
        return _answer(request, etag, build, FORMATS[fmt], filename=name, ranges=fmt in RANGES)

    return await _guarded(work, request)


async def table(request: Request) -> Response:
    name = request.path_params["name"]
    path = request.url.path

    def work():
        _check_names(request, ())
        return _answer(
            request,
            etag_for(path, {}),
            lambda: (datapackage.table_csv(load_table(name), name), {}),
            FORMATS["csv"],
            filename=f"cdmm-{name}.csv",
        )

    return await _guarded(work, request)


async def package(request: Request) -> Response:
    path = request.url.path

    def work():
        _check_names(request, ())

        public = settings.public_base_url()

        def build() -> tuple[bytes, dict[str, str]]:
            release = _release()
            where = f"{public}/data/v/{release['version']}/" if public else ""
            descriptor = datapackage.descriptor(release, load_table("sources"), base=where)
            return datapackage.descriptor_bytes(descriptor), {}

        return _answer(request, etag_for(path, {}, extra=(public,)), build, "application/json")

    return await _guarded(work, request)


async def atom(request: Request) -> Response:
    base = settings.citation_base_url()
    path = request.url.path

    def work():
        params = _check_names(request, ROUTE_PARAMS["/data/feed.xml"])
        raw = params.pop("page", "1").strip()
        if not re.fullmatch(r"[1-9]\d{0,5}", raw):
            raise BadRequest(f"Invalid query parameter value(s): page={raw[:40]!r}: use a whole number from 1.")
        page = int(raw)
        filters = filters_of(params)

        def build() -> tuple[bytes, dict[str, str]]:
            rows = select(filters)
            rows = rows[rows.kind == ObservationKind.REPORTED]
            releases = load_table("releases")
            pages = feed.page_count(len(feed.ordered_entries(rows, releases)))
            if page > pages:
                raise BadRequest(f"Invalid query parameter value(s): page={page}: past the last page ({pages}).")
            headers = {}
            if page < pages:
                query = urlencode({**explorer.to_params(filters), "page": str(page + 1)})
                headers["Link"] = f'<{path}?{query}>; rel="next"'
            return feed.atom_bytes(rows, base, _release(), explorer.to_params(filters), releases, page), headers

        query = {**explorer.to_params(filters), **({"page": str(page)} if page > 1 else {})}
        etag = etag_for(path, query, extra=(base,))
        return _answer(request, etag, build, "application/atom+xml; charset=utf-8")

    return await _guarded(work, request)


async def metric_document(request: Request) -> Response:
    """/data/metrics/<id>.json: one indicator's metadata, latest figures, series, sources and citations."""
    metric_id = request.path_params["metric_id"]
    path = request.url.path
    base = settings.citation_base_url()

    def work():
        _check_names(request, ())
        metrics = load_table("metrics")
        if metric_id not in set(metrics.metric_id):
            near = explorer.closest(metric_id, set(metrics.metric_id))
            hint = f" (did you mean {near}?)" if near else ""
            return _error(404, f"No such indicator: {metric_id[:80]!r}{hint}. The indicators are in /data/metrics.csv.")
        today = dt.date.today().isoformat()

        def build() -> tuple[bytes, dict[str, str]]:
            metric = metrics[metrics.metric_id == metric_id].iloc[0].to_dict()
            rows = select(explorer.Filters(metrics=(metric_id,)))
            document = indicator.document(metric, rows, load_table("sources"), _release(), base, today)
            return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8"), {}

        etag = etag_for(path, {}, extra=(base, today))  # the citations name the address and the access date
        return _answer(request, etag, build, "application/json", filename=f"cdmm-metric-{metric_id}.json")

    return await _guarded(work, request)


def preflight(request: Request) -> Response:
    """The answer to a CORS preflight (OPTIONS): any origin may GET or HEAD, sending the headers a reader
    needs (If-None-Match, Range, Accept-Encoding, and any others it asks for)."""
    asked = [h.strip() for h in request.headers.get("access-control-request-headers", "").split(",") if h.strip()]
    allowed = list(dict.fromkeys([*PREFLIGHT_HEADERS, *asked]))
    headers = {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": ", ".join(allowed),
        "Access-Control-Max-Age": "86400",
        "Allow": "GET, HEAD, OPTIONS",
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(status_code=204, headers=headers)


def _answering_preflight(handler):
    async def answer(request: Request) -> Response:
        return preflight(request) if request.method == "OPTIONS" else await handler(request)

    answer.__name__ = handler.__name__
    return answer


def target_filters(params: dict[str, str]) -> targets.TargetFilters:
    """The /targets page's filters from a route's parameters; a value the page would ignore is a 400."""
    areas, metrics = load_table("priority_areas"), load_table("metrics")
    places = set(load_table("places").place_id)
    filters, notices = targets.parse_filters(params, set(areas.area_id), set(metrics.metric_id), places)
    if notices:
        raise BadRequest(f"Invalid query parameter value(s): {_problems(notices)}.")
    return filters


def targets_body(fmt: str, filters: targets.TargetFilters) -> bytes:
    """The targets that pass the filters, in the declared download's columns."""
    rows = targets.select(models.target_frame(), filters)
    writer = {"csv": export.declared_csv, "json": export.declared_json, "parquet": export.declared_parquet}[fmt]
    return writer(rows, TARGET_DOWNLOAD)


def target_route(fmt: str):
    async def handler(request: Request) -> Response:
        path = request.url.path

        def work():
            params = _check_names(request, ROUTE_PARAMS[f"/data/targets.{fmt}"])
            filters = target_filters(params)  # a 400 comes before any ETag
            return _answer(
                request,
                etag_for(path, {k: v for k, v in params.items() if k != "lang"}),
                lambda: (targets_body(fmt, filters), {}),
                FORMATS[fmt],
                filename=f"cdmm-targets.{fmt}",
                ranges=fmt in RANGES,
            )

        return await _guarded(work, request)

    handler.__name__ = f"targets_{fmt}"
    return handler


def data_routes() -> list[Route]:
    """The routes that answer with data: GET (and HEAD, which Starlette answers for every GET route), and
    OPTIONS for a CORS preflight."""
    methods = ["GET", "OPTIONS"]
    tables = [
        ("observations.{fmt}", observations),
        *((f"{name}.csv", table_route(name)) for name in datapackage.TABLE_FILES),
        ("datapackage.json", package),
        ("metrics/{metric_id}.json", metric_document),
        *((f"targets.{fmt}", target_route(fmt)) for fmt in TARGET_FORMATS),
    ]
    handlers = [
        *((f"/data/{name}", handler) for name, handler in tables),
        ("/data/feed.xml", atom),
        *((f"{VERSIONED}/{name}", handler) for name, handler in tables),  # one kept version, immutable
    ]
    return [Route(path, _answering_preflight(handler), methods=methods) for path, handler in handlers]


VERSIONED = "/data/v/{version}"


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
    *(f"/data/targets.{fmt}" for fmt in TARGET_FORMATS),
    "/data/datapackage.json",
    "/data/metrics/{metric_id}.json",
    "/data/feed.xml",
    "/data/v/{version}/observations.csv (and the other files but the feed, of one kept version)",
)


async def not_found(request: Request) -> Response:
    for route in data_routes():  # a data route asked with another method: 405, as Starlette says
        if route.matches(request.scope)[0] == Match.PARTIAL:
            response = _error(405, f"Method {request.method} is not allowed here; use GET or HEAD.")
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
            return response
    return _error(404, f"No such data route: {request.url.path}. The routes are: {', '.join(PATHS)}.")


def table_route(name: str):
    async def handler(request: Request) -> Response:
        request.path_params["name"] = name
        return await table(request)

    handler.__name__ = f"{name}_csv"
    return handler


class DataHeaders:
    """ASGI middleware around the whole server (dashboard/server.py installs it before Streamlit's own): for
    every response under /data, one `Vary` header (the server's gzip adds its own `Accept-Encoding` beside
    ours) and `X-Content-Type-Options: nosniff`, whoever wrote the response; and no gzip for Parquet and
    Excel files, which are compressed already (the request's Accept-Encoding is not passed on for them)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/data" or path.startswith("/data/")):
            await self.app(scope, receive, send)
            return
        whole = path.endswith(tuple(f".{fmt}" for fmt in NOT_COMPRESSED))
        if whole:
            scope = {
                **scope,
                "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"],
            }

        async def tidied(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": tidy_headers(message.get("headers", []), whole)}
            await send(message)

        await self.app(scope, receive, tidied)


def tidy_headers(headers: list[tuple[bytes, bytes]], whole: bool) -> list[tuple[bytes, bytes]]:
    """The headers with every Vary merged into one (each token once; no Accept-Encoding for a file that is
    never compressed), exactly one X-Content-Type-Options: nosniff, and a strong ETag made weak when the
    server compressed the body (the gzipped bytes are not the bytes the tag names; RFC 9110 8.8.3)."""
    tokens: dict[str, str] = {}
    for key, value in headers:
        if key.lower() == b"vary":
            for token in value.decode("latin-1").split(","):
                if token.strip() and not (whole and token.strip().lower() == "accept-encoding"):
                    tokens.setdefault(token.strip().lower(), token.strip())
    encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
    kept = []
    for key, value in headers:
        if key.lower() in (b"vary", b"x-content-type-options"):
            continue
        if encoded and key.lower() == b"etag" and not value.startswith(b"W/"):
            value = b"W/" + value
        kept.append((key, value))
    if tokens:
        kept.append((b"vary", ", ".join(tokens.values()).encode("latin-1")))
    return [*kept, (b"x-content-type-options", b"nosniff")]


MIDDLEWARE = (DataHeaders,)
