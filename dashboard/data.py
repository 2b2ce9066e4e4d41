"""Read the built Parquet tables: typed, validated against the schema, cached once per process.

Where the tables live is the `DATASETS_URI` setting: by default the `datasets/` folder of this
repository; it may name another folder or object storage that pyarrow's filesystems reach
(for example `s3://bucket/prefix`). A missing, truncated or schema-mismatched file raises
`DataFileError`, whose message names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dashboard import settings
from dashboard.schema import TABLES, Table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASETS = REPO / "datasets"
MARKER = "manifest.json"  # written last by `curation build` and `curation publish`: the version's identity
LOG = logging.getLogger("dashboard")
REBUILD = (
    "rebuild it with `python -m dashboard.curation build`, or restore the shipped file with `git checkout -- datasets/`"
)


@dataclass
class DataFileError(Exception):
    """A data file cannot be used. `file` names it; `problem` says what is wrong; `fix` what to do.
    `transient`: the file could not be read at all (an OS or network error, e.g. a permission or network
    blip): worth trying again, unlike a content error (checksum, schema, not Parquet, not listed). Every
    text is redacted (`settings.redact`): no credential of a location is ever shown or logged."""

    file: str
    problem: str
    fix: str
    transient: bool = False

    def __post_init__(self) -> None:
        self.file, self.problem = settings.redact(self.file), settings.redact(self.problem)

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}. To fix it, {self.fix}."


def datasets_uri() -> str:
    """The DATASETS_URI setting: a folder path, file:// URI or object-store URI. For S3 and S3-compatible
    stores: s3://bucket/prefix, with pyarrow's options in the query string where needed, e.g.
    s3://cdmm/datasets?endpoint_override=127.0.0.1:9000&scheme=http; credentials come from the usual
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables."""
    return settings.value(settings.DATASETS_URI) or str(DEFAULT_DATASETS)


def _resolve(uri: str, filename: str) -> tuple[pafs.FileSystem, str, str]:
    """Return (filesystem, path within it, name to show a person) for a table file under `uri`."""
    if "://" in uri:
        fs, base = pafs.FileSystem.from_uri(uri)
        scheme = uri.split("://", 1)[0]
        shown = f"{scheme}://{base.rstrip('/')}/{filename}"  # without the query string or user (endpoint, keys)
    else:
        fs, base = pafs.LocalFileSystem(), str(Path(uri).resolve())
        shown = (
            os.path.relpath(Path(base) / filename)
            if Path(base).is_relative_to(Path.cwd())
            else str(Path(base) / filename)
        )
    return fs, base.rstrip("/") + "/" + filename, shown


def shown_uri(uri: str) -> str:
    """A data location as a person may see it (pages, logs, messages): without the query string (endpoint
    and other options) and without a `user:password@` (credentials)."""
    base = uri.split("?", 1)[0]
    scheme, sep, rest = base.partition("://")
    if not sep:
        return base
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"


def _scrubbed(message: str, uri: str) -> str:
    """A library's message about `uri` (pyarrow quotes the whole URI it could not parse), with the URI as
    `shown_uri` gives it and any credentials it held taken out."""
    message = message.replace(uri, shown_uri(uri))
    credentials = uri.split("?", 1)[0].partition("://")[2].partition("/")[0].rpartition("@")[0]
    return message.replace(credentials, "…") if credentials else message


def _location(uri: str, filename: str) -> tuple[pafs.FileSystem, str, str]:
    try:
        return _resolve(uri, filename)
    except (OSError, ValueError, pa.ArrowException) as err:
        raise DataFileError(
            f"DATASETS_URI={shown_uri(uri)}",
            f"is not a usable location ({_scrubbed(_first_line(err), uri)})",
            "set DATASETS_URI to a folder or an s3:// URI that pyarrow understands",
        ) from None


def read_table(name: str, uri: str | None = None, expect: dict | None = None) -> pd.DataFrame:
    """Read one table from Parquet and check it against the schema. Not cached: see `load_table`.
    With `expect` (the table's entry in the version marker: sha256 and size), the bytes read must be
    exactly those the marker describes."""
    table = TABLES[name]
    uri = uri or datasets_uri()
    fs, path, shown = _location(uri, table.parquet_file)
    try:
        info = fs.get_file_info(path)
    except (OSError, pa.ArrowException) as err:
        raise DataFileError(
            shown,
            f"cannot be reached ({_first_line(err)})",
            "check the DATASETS_URI setting and access to it",
            transient=True,
        ) from None
    if info.type == pafs.FileType.NotFound:
        raise DataFileError(shown, "is missing", REBUILD)
    try:
        if expect is None:
            data = pq.read_table(path, filesystem=fs)
        else:
            with fs.open_input_file(path) as stream:
                raw = stream.read()
            if len(raw) != expect.get("size") or hashlib.sha256(raw).hexdigest() != expect.get("sha256"):
                raise DataFileError(
                    shown,
                    f"is not the file that {MARKER} describes (a publish is under way, was "
                    "interrupted, or the file was changed by hand)",
                    "publish or build the version again",
                )
            data = pq.read_table(pa.BufferReader(raw))
    except OSError as err:  # could not be read at all (permission, network): worth trying again
        raise DataFileError(
            shown, f"cannot be read ({_first_line(err)})", "check access to it", transient=True
        ) from None
    except pa.ArrowException as err:
        raise DataFileError(
            shown, f"cannot be read: it is truncated or not a Parquet file ({_first_line(err)})", REBUILD
        ) from None
    _check_schema(table, data, shown)
    return _to_pandas(table, data)


def _first_line(err: Exception) -> str:
    text = settings.redact(err).strip().splitlines()
    return text[0][:160] if text else type(err).__name__


def _check_schema(table: Table, data: pa.Table, shown: str) -> None:
    expected = table.arrow_schema
    missing = [f.name for f in expected if f.name not in data.schema.names]
    if missing:
        raise DataFileError(shown, f"does not match the schema: column {', '.join(missing)} is missing", REBUILD)
    for field in expected:
        found = data.schema.field(field.name)
        if not found.type.equals(field.type):
            raise DataFileError(
                shown, f"does not match the schema: column {field.name} is {found.type}, expected {field.type}", REBUILD
            )
        if not field.nullable and data.column(field.name).null_count:
            raise DataFileError(shown, f"does not match the schema: column {field.name} has empty values", REBUILD)
    extra = [n for n in data.schema.names if n not in expected.names]
    if extra:
        raise DataFileError(shown, f"does not match the schema: unexpected column {', '.join(extra)}", REBUILD)


def _to_pandas(table: Table, data: pa.Table) -> pd.DataFrame:
    frame = data.select(table.column_names).to_pandas(date_as_object=False)
    for column in table.columns:
        if column.type == "date":
            frame[column.name] = frame[column.name].astype("datetime64[s]")
    return frame


def read_geojson(name: str, uri: str | None = None) -> dict:
    """A GeoJSON file under geo/ (the offline maps' provinces)."""
    uri = uri or datasets_uri()
    fs, path, shown = _location(uri, f"geo/{name}")
    try:
        with fs.open_input_stream(path) as stream:
            return json.loads(stream.read().decode("utf-8"))
    except FileNotFoundError:
        raise DataFileError(shown, "is missing", "restore it with `git checkout -- datasets/geo/`") from None
    except OSError as err:
        raise DataFileError(
            shown, f"cannot be read ({_first_line(err)})", "check access to it", transient=True
        ) from None
    except (pa.ArrowException, ValueError) as err:
        raise DataFileError(
            shown, f"cannot be read ({_first_line(err)})", "restore it with `git checkout -- datasets/geo/`"
        ) from None


# --- Dataset versions -------------------------------------------------------------------------------
#
# A version is the set of tables that one `curation build` or `curation publish` wrote under DATASETS_URI.
# Its identity is the version marker (`manifest.json`, written last: the release version and each file's
# sha256 and size), or, for a folder built before markers existed, the files' sizes and modification
# times. The server holds one version per location; a background check (`start_checker`, at most every
# DATASETS_CHECK_SECONDS) reads the marker, and when it changed, reads and validates every table of the
# new version into a fresh set before it swaps. A version that fails is never served: the one held stays,
# and the problem is logged and shown on the sources page. Each script run pins the version served when it
# starts (`begin_run`), so everything it reads and every cache key it uses belong to one version.


def check_seconds() -> float:
    """The DATASETS_CHECK_SECONDS setting: how often to look for a new version (default 30; 0 turns it off)."""
    return settings.seconds(settings.DATASETS_CHECK_SECONDS)


def verify_seconds() -> float:
    """The DATASETS_VERIFY_SECONDS setting: how often to check the served version's files against its
    marker (default 300; 0 turns it off)."""
    return settings.seconds(settings.DATASETS_VERIFY_SECONDS)


@dataclass(frozen=True)
class Marker:
    key: str  # identity of the content
    label: str  # the release version the marker declares ("" when not known)
    files: dict | None  # parquet file name -> {"sha256", "size"}; None without a marker
    written: int | None = dataclasses.field(default=None, compare=False)  # the marker file's mtime (ns)


UNREACHED = Marker("unreached", "", None)


def file_entry(raw: bytes) -> dict:
    return {"sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}


def marker_text(version: str, files: dict[str, dict]) -> str:
    """The marker's content for these files (used by `curation build` and `publish`)."""
    return json.dumps({"version": version, "files": dict(sorted(files.items()))}, indent=1, sort_keys=True) + "\n"


def read_marker(uri: str | None = None) -> Marker:
    """The identity of the version now under `uri`; raises DataFileError when it cannot be reached."""
    uri = uri or datasets_uri()
    fs, path, shown = _location(uri, MARKER)
    try:
        info = fs.get_file_info(path)
        if (
            info.type == pafs.FileType.NotFound
            and isinstance(fs, pafs.LocalFileSystem)
            and fs.get_file_info(path.rsplit("/", 1)[0]).type != pafs.FileType.Directory
        ):
            raise FileNotFoundError(f"no folder {os.path.dirname(shown) or shown}")
        if info.type == pafs.FileType.NotFound:  # an older build: fingerprint the files themselves
            paths = [_resolve(uri, t.parquet_file)[1] for t in TABLES.values()]
            parts = [f"{i.path}:{i.size}:{i.mtime_ns}" for i in fs.get_file_info(paths)]
            return Marker("files-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16], "", None)
        with fs.open_input_stream(path) as stream:
            raw = stream.read()
    except (OSError, pa.ArrowException) as err:
        raise DataFileError(
            shown,
            f"cannot be reached ({_first_line(err)})",
            "check the DATASETS_URI setting and access to it",
            transient=True,
        ) from None
    try:
        doc = json.loads(raw.decode("utf-8"))
        files = doc["files"]
        if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
            raise ValueError("files is not a mapping")
        label = str(doc.get("version", ""))
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataFileError(shown, f"is not a valid version marker ({_first_line(err)})", REBUILD) from None
    return Marker(f"{label}-{hashlib.sha256(raw).hexdigest()[:16]}", label, files, info.mtime_ns)


_SERIAL = iter(range(1, 1 << 62))


class Version:
    """One version's tables, read on first use (or all at once, before a swap) and kept. Read-only."""

    def __init__(self, uri: str, marker: Marker, *, provisional: bool = False) -> None:
        self.uri, self.marker, self.provisional = uri, marker, provisional
        self.id = f"{marker.key}#{next(_SERIAL)}"  # a fresh id per load: caches never mix two loads
        self.generation = _GENERATION
        self.failed: set[str] = set()
        self.errors: dict[str, DataFileError] = {}  # why each failed table failed, its last try
        self._tables: dict[str, pd.DataFrame] = {}
        self._geo: dict[str, dict] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @property
    def label(self) -> str:
        """The release version: the marker's, or the release table's once it is read."""
        if self.marker.label:
            return self.marker.label
        release = self._tables.get("release")
        return str(release["version"].iloc[0]) if release is not None and len(release) else ""

    def _lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def table(self, name: str) -> pd.DataFrame:
        try:
            return self._tables[name]
        except KeyError:
            pass
        with self._lock(name):  # one reader per table; the others wait for it
            if name in self._tables:
                return self._tables[name]
            files = self.marker.files
            expect = files.get(TABLES[name].parquet_file) if files is not None else None
            if files is not None and expect is None:
                _, _, shown = _location(self.uri, TABLES[name].parquet_file)
                self.failed.add(name)
                self.errors[name] = DataFileError(shown, f"is not listed in {MARKER}", REBUILD)
                raise self.errors[name]
            try:
                frame = read_table(name, self.uri, expect)
            except DataFileError as err:
                self.failed.add(name)  # not kept: the next use retries
                self.errors[name] = err
                raise
            self._tables[name] = frame
            self.failed.discard(name)
            self.errors.pop(name, None)
            return frame

    def loaded(self) -> bool:
        """Whether every table has been read and has passed its checks."""
        return all(name in self._tables for name in TABLES)

    def geojson(self, name: str) -> dict:
        try:
            return self._geo[name]
        except KeyError:
            value = read_geojson(name, self.uri)
            self._geo[name] = value
            return value

    def load_all(self) -> None:
        """Read and validate every table (and map outline) now; raises DataFileError for the first that
        cannot be used."""
        for name in TABLES:
            self.table(name)
        for name in self._geo_names():
            self.geojson(name)

    def _geo_names(self) -> list[str]:
        if self.marker.files is not None:
            return sorted(k.removeprefix("geo/") for k in self.marker.files if k.startswith("geo/"))
        try:
            fs, path, _ = _location(self.uri, "geo")
            found = fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))
        except (OSError, pa.ArrowException, DataFileError):  # the pages that need a map say what is wrong
            return []
        return sorted(i.base_name for i in found if i.base_name.endswith(".geojson"))


@dataclass(frozen=True)
class Rejected:
    label: str  # the release version the rejected marker declared
    error: DataFileError
    when: float = dataclasses.field(default_factory=time.time)
    key: str = ""  # the rejected marker's key
    written: int | None = None  # and its modification time: a marker written again is a new publish


_GENERATION = 0
_GUARD = threading.Lock()
_VERSIONS: dict[str, Version] = {}  # location -> the version served
_REJECTED: dict[str, Rejected] = {}  # location -> why a newer version is not served (a content error)
_UNREACHABLE: dict[str, DataFileError] = {}  # location -> why the last check could not reach it
_DAMAGED: dict[str, DataFileError] = {}  # location -> how the served version's files differ from its marker
READ_RETRIES = (0.5, 1.0, 2.0)  # seconds to wait before each new try of a read error while checking
_sleep = time.sleep
_PIN = threading.local()
_AFTER_CHECK: list = []


def current_version(uri: str | None = None) -> Version:
    """The version served now for `uri` (DATASETS_URI by default), identified on first use."""
    uri = uri or datasets_uri()
    held = _VERSIONS.get(uri)
    if held is not None:
        return held
    with _GUARD:
        held = _VERSIONS.get(uri)
        if held is None:
            try:
                held = Version(uri, read_marker(uri))
            except DataFileError as err:  # unreachable at start: the pages say so; the check keeps trying
                LOG.warning("dataset location cannot be reached yet: %s", err)
                _UNREACHABLE[uri] = err
                held = Version(uri, UNREACHED, provisional=True)
            _VERSIONS[uri] = held
    return held


def held_version(uri: str | None = None) -> Version | None:
    """The version held for `uri`, without identifying one (None before first use)."""
    return _VERSIONS.get(uri or datasets_uri())


def begin_run() -> Version:
    """Pin the version served now for the rest of this thread's script run, and return it."""
    version = current_version()
    _PIN.version = version
    return version


def run_version() -> Version:
    """The version this script run pinned, or (outside a run, or after the location changed) the current one;
    inside `serving(version)`, that version."""
    exact = getattr(_PIN, "exact", None)
    if exact is not None:
        return exact
    version = getattr(_PIN, "version", None)
    if version is not None and version.generation == _GENERATION and version.uri == datasets_uri():
        return version
    return current_version()


def version_key() -> tuple[str, str]:
    """The key that caches of things built from the data use: the location and this run's version."""
    version = run_version()
    return version.uri, version.id


def live_version_keys() -> set[tuple[str, str]]:
    return {(v.uri, v.id) for v in [*_VERSIONS.values(), *_KEPT.values()]}


# Kept versions (/data/v/<version>/...) ------------------------------------------------------------------

KEPT_FOLDER = "versions"  # under a location: versions/<version>/ holds a published version's files, kept
VERSION_LABEL = re.compile(r"\d{1,4}\.\d{1,4}\.\d{1,4}")  # a release version as the routes accept it
MAX_KEPT = 8  # kept versions held in memory at once (the least recently asked for is let go)
_KEPT: dict[tuple[str, str], Version] = {}  # (location, label) -> a kept version read from it


def kept_uri(uri: str, label: str) -> str:
    """Where a kept version lives under a location: `<uri>/versions/<label>` (before an object store's query)."""
    path, query = (uri.split("?", 1) + [""])[:2] if "://" in uri else (uri, "")
    joined = f"{path.rstrip('/')}/{KEPT_FOLDER}/{label}" if "://" in uri else str(Path(uri) / KEPT_FOLDER / label)
    return joined + (f"?{query}" if query else "")


def kept_labels(uri: str | None = None) -> list[str]:
    """The versions kept under a location (those with a marker in versions/<label>/), oldest first."""
    uri = uri or datasets_uri()
    try:
        fs, path, _ = _location(uri, KEPT_FOLDER)
        found = fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))
    except (OSError, pa.ArrowException, DataFileError):
        return []
    labels = [i.base_name for i in found if i.type == pafs.FileType.Directory and VERSION_LABEL.fullmatch(i.base_name)]
    return sorted(labels, key=lambda label: tuple(int(part) for part in label.split(".")))


def kept_version(label: str, uri: str | None = None) -> Version | None:
    """The version `label` as served by /data/v/<label>/...: the current one when it is that version, else the
    one kept under versions/<label>/ (read on first use; its marker must name that version), or None when
    the location does not keep it. A folder built by `curation build` keeps only the current version;
    `curation publish` keeps every version it publishes."""
    uri = uri or datasets_uri()
    if not VERSION_LABEL.fullmatch(label):
        return None
    current = run_version()
    if current.label == label:
        return current
    held = _KEPT.get((uri, label))
    if held is not None:
        _KEPT[(uri, label)] = _KEPT.pop((uri, label))  # the most recently asked for goes last
        return held
    where = kept_uri(uri, label)
    try:
        fs, path, _ = _location(where, MARKER)
        if fs.get_file_info(path).type == pafs.FileType.NotFound:
            return None
        marker = read_marker(where)
    except DataFileError:
        return None
    if marker.label != label:
        return None
    version = Version(where, marker)
    with _GUARD:
        _KEPT[(uri, label)] = version
        while len(_KEPT) > MAX_KEPT:
            _KEPT.pop(next(iter(_KEPT)))
    return version


@contextlib.contextmanager
def serving(version: Version):
    """Within the block, this thread reads `version` (load_table, the caches per version, the ETags)."""
    before = getattr(_PIN, "exact", None)
    _PIN.exact = version
    try:
        yield version
    finally:
        _PIN.exact = before


def refresh_problem(uri: str | None = None) -> Rejected | None:
    """Why the newest version under `uri` is not served (None when it is)."""
    return _REJECTED.get(uri or datasets_uri())


def unreachable(uri: str | None = None) -> DataFileError | None:
    """Why the last check could not reach `uri` (None when it could)."""
    return _UNREACHABLE.get(uri or datasets_uri())


def damaged(uri: str | None = None) -> DataFileError | None:
    """How the served version's files on disk differ from its marker, as the last verification found
    (None when they match, or were not verified)."""
    return _DAMAGED.get(uri or datasets_uri())


def serving_problem(uri: str | None = None) -> str | None:
    """Why this process cannot serve `uri` in full, in one line (None when it can): the location does not
    answer, a table of the served version is not loaded or failed its checks, or its files on disk no longer
    match the marker (so a restart would fail). Used by /ready."""
    uri = uri or datasets_uri()
    version = current_version(uri)
    problem = unreachable(uri)
    if problem is not None or version.provisional:
        return f"the data location cannot be reached: {problem or 'not yet'}"
    for name in sorted(version.failed):
        error = version.errors.get(name)
        return f"a table cannot be used: {error or name}"
    if not version.loaded():
        read = sum(name in version._tables for name in TABLES)
        return f"loading the tables: {read} of {len(TABLES)} read and checked"
    problem = damaged(uri)
    if problem is not None:
        return f"the files of version {version.label or '?'} on disk no longer match {MARKER}: {problem} (serving from memory)"
    return None


def _load(candidate: Version) -> None:
    """Read and check every table of a new version; a read error (OS or network) is tried again after
    each wait of READ_RETRIES, and raised when it persists. A content error is raised at once."""
    for wait in (*READ_RETRIES, None):
        try:
            candidate.load_all()
            return
        except DataFileError as err:
            if not err.transient or wait is None:
                raise
            LOG.info("reading dataset version %s: %s; trying again in %.1f s", candidate.label or "?", err, wait)
            _sleep(wait)


def check_now(uri: str | None = None) -> str:
    """Look for a new version under `uri` once, and swap to it if every table of it is usable. Returns what
    happened: 'same', 'swapped', 'rejected' (a content error: remembered until the marker is written
    again), 'retry' (a read error that persisted through the retries: tried again at the next check),
    'unreachable' or 'unsettled' (files still changing)."""
    uri = uri or datasets_uri()
    held = current_version(uri)
    try:
        marker = read_marker(uri)
    except DataFileError as err:
        if uri not in _UNREACHABLE:
            LOG.warning(
                "cannot check for a new dataset version: %s; serving version %s as held", err, held.label or "?"
            )
        _UNREACHABLE[uri] = err
        return "unreachable"
    if _UNREACHABLE.pop(uri, None) is not None:
        LOG.info("dataset location reachable again: %s", shown_uri(uri))
    rejected = _REJECTED.get(uri)
    if rejected is not None and (rejected.key != marker.key or rejected.written != marker.written):
        _REJECTED.pop(uri, None)  # the marker no longer names the rejected version, or was written again
        LOG.info("the marker no longer names rejected dataset version %s (or was written again)", rejected.label)
        rejected = None
    if marker.key == held.marker.key and not held.provisional and not held.failed:
        return "same"
    if rejected is not None:
        return "rejected"  # already reported; publishing again (even the same version) writes the marker again
    candidate = Version(uri, marker)
    try:
        _load(candidate)
    except DataFileError as err:
        if marker.files is None and _marker_key(uri) != marker.key:
            return "unsettled"  # an older-style build still writing its files: look again next time
        if err.transient:
            LOG.warning(
                "new dataset version %s cannot be read yet: %s; it is tried again at the next check, still "
                "serving version %s",
                marker.label or marker.key,
                err,
                held.label or "?",
            )
            return "retry"
        if marker.key != held.marker.key or held.provisional:
            _REJECTED[uri] = Rejected(marker.label, err, key=marker.key, written=marker.written)
            LOG.warning(
                "new dataset version %s is not served: %s; still serving version %s",
                marker.label or marker.key,
                err,
                held.label or "?",
            )
        return "rejected"
    if marker.files is None and _marker_key(uri) != marker.key:
        return "unsettled"
    with _GUARD:
        if _VERSIONS.get(uri) is not held:  # the caches were cleared meanwhile
            return "same"
        _VERSIONS[uri] = candidate
        _REJECTED.pop(uri, None)
        _DAMAGED.pop(uri, None)
    LOG.info(
        "dataset version %s is now served from %s (was %s)",
        candidate.label or marker.key,
        shown_uri(uri),
        held.label or "?",
    )
    for hook in _AFTER_SWAP:
        hook()
    return "swapped"


def verify_now(uri: str | None = None) -> DataFileError | None:
    """Check the files of the version served for `uri` against its marker (sha256 and size), once. Damage
    is logged at once and kept for /ready (`damaged`) until the files are right again; serving goes on
    from memory. Nothing is checked without a marker, when the location cannot be reached, or when the
    marker now names another version (the next check deals with it). Returns the damage found, or None."""
    uri = uri or datasets_uri()
    held = current_version(uri)
    if held.marker.files is None or held.provisional:
        return None
    try:
        if read_marker(uri).key != held.marker.key:
            return None
    except DataFileError:
        return None
    problem = None
    for name, expect in sorted(held.marker.files.items()):
        problem = _verify_file(uri, name, expect)
        if problem is not None:
            break
    before = _DAMAGED.get(uri)
    if problem is None:
        if _DAMAGED.pop(uri, None) is not None:
            LOG.info("the files of dataset version %s match %s again", held.label or "?", MARKER)
        return None
    _DAMAGED[uri] = problem
    if before is None or str(before) != str(problem):
        LOG.error(
            "the files of dataset version %s no longer match %s: %s; serving from memory, but a restart would fail",
            held.label or "?",
            MARKER,
            problem,
        )
    return problem


def _verify_file(uri: str, name: str, expect: dict) -> DataFileError | None:
    fs, path, shown = _location(uri, name)
    for wait in (*READ_RETRIES, None):
        try:
            with fs.open_input_stream(path) as stream:
                raw = stream.read()
        except FileNotFoundError:
            return DataFileError(shown, "is missing", REBUILD)
        except (OSError, pa.ArrowException) as err:
            if wait is None:
                return DataFileError(shown, f"cannot be read ({_first_line(err)})", "check access to it", True)
            _sleep(wait)
            continue
        if file_entry(raw) != {"sha256": expect.get("sha256"), "size": expect.get("size")}:
            return DataFileError(
                shown, f"is not the file that {MARKER} describes", "publish or build the version again"
            )
        return None
    return None


def _marker_key(uri: str) -> str | None:
    try:
        return read_marker(uri).key
    except DataFileError:
        return None


def after_check(hook) -> None:
    """Run `hook()` after every background check (cache.py drops what belongs to versions no longer served)."""
    _AFTER_CHECK.append(hook)


_AFTER_SWAP: list = []


def after_swap(hook) -> None:
    """Run `hook()` after a new version is swapped in (warmup.py builds again after a warm-up that stopped)."""
    _AFTER_SWAP.append(hook)


def verify_all() -> None:
    """One verification of every location in use."""
    for uri in list(_VERSIONS):
        try:
            verify_now(uri)
        except Exception:  # noqa: BLE001 - a failed verification leaves things as they are
            LOG.exception("dataset verification failed")


def check_all() -> None:
    """One check of every location in use."""
    for uri in list(_VERSIONS):
        try:
            check_now(uri)
        except Exception:  # noqa: BLE001 - a failed check leaves the version held in place
            LOG.exception("dataset check failed")
    for hook in _AFTER_CHECK:
        hook()


_checker = threading.Event()


def start_checker() -> None:
    """Start the background check, once per process. It first reads every table of the version held (so
    that the process keeps serving it if the location becomes unreachable), then checks every
    DATASETS_CHECK_SECONDS."""
    with _GUARD:
        if _checker.is_set():
            return
        _checker.set()
    threading.Thread(target=_check_loop, name="dashboard-datasets-check", daemon=True).start()


def _check_loop() -> None:
    interval, verify = check_seconds(), verify_seconds()
    held = current_version()
    for name in TABLES:
        with contextlib.suppress(DataFileError):  # the pages that need it say so; the checks retry
            held.table(name)
    for name in held._geo_names():
        with contextlib.suppress(DataFileError):
            held.geojson(name)
    if interval <= 0 and verify <= 0:
        return
    never = float("inf")
    next_check = time.monotonic() + interval if interval > 0 else never
    next_verify = time.monotonic() + verify if verify > 0 else never
    while True:
        time.sleep(max(0.05, min(next_check, next_verify) - time.monotonic()))
        now = time.monotonic()
        if now >= next_check:
            check_all()
            next_check = now + interval
        if now >= next_verify:
            verify_all()
            next_verify = time.monotonic() + verify


def clear_cache() -> None:
    """Forget every version held (tests, or a location whose files were replaced by hand)."""
    global _GENERATION
    with _GUARD:
        _GENERATION += 1
        _VERSIONS.clear()
        _KEPT.clear()
        _REJECTED.clear()
        _UNREACHABLE.clear()
        _DAMAGED.clear()


def load_table(name: str) -> pd.DataFrame:
    """The table of this run's version, read once per process and shared by every session. Treat it as
    read-only. A failed read is not kept: it is retried."""
    return run_version().table(name).copy(deep=False)


def load_geojson(name: str) -> dict:
    return run_version().geojson(name)


def check_tables(*names: str) -> None:
    """Raise DataFileError for the first of these tables that cannot be used (cheap once loaded)."""
    version = run_version()
    for name in names:
        version.table(name)


def load_tables(*names: str) -> dict[str, pd.DataFrame]:
    """Several tables at once; raises DataFileError for the first that cannot be used."""
    version = run_version()
    return {name: version.table(name).copy(deep=False) for name in names}
