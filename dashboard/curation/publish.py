"""Publish: the built tables and the map outline to another folder or to object storage, the marker last;
and the same files under versions/<version>/, kept for /data/v/<version>/... as long as the store keeps them
(a version once published there is never overwritten with other content)."""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.schema import TABLES


def publish(out: Path, target: str) -> list[str]:
    """Copy the built Parquet files and geo/ to `target` (a folder or e.g. s3://bucket/prefix?...), then,
    last, the version marker. Replicas reading `target` swap to the new version only once the marker
    names it, and only if every file matches it, so a publish stopped midway is never served."""
    import pyarrow.fs as pafs

    from dashboard.data import KEPT_FOLDER, MARKER, file_entry, marker_text, read_table

    for name in TABLES:  # refuse to publish files the app could not load
        read_table(name, str(out))
    release = str(read_table("release", str(out))["version"].iloc[0])
    kept = _kept_marker(target, release)
    if kept is not None and kept != _marker_of(out, release):
        raise ValueError(
            f"version {release} was published before with other content ({KEPT_FOLDER}/{release}/{MARKER} differs): "
            "a published version never changes, so give this build a new version in datasets/curated/release.csv"
        )
    source_fs = pafs.LocalFileSystem()
    if "://" in target:
        target_fs, base = pafs.FileSystem.from_uri(target)
        local = False
    else:
        target_fs, base = source_fs, str(Path(target).resolve())
        local = True
    base = base.rstrip("/")
    target_fs.create_dir(base, recursive=True)
    written: list[str] = []
    tables: dict[str, bytes] = {}
    for name in TABLES:  # the bytes checked are the bytes sent
        raw = (out / TABLES[name].parquet_file).read_bytes()
        tables[TABLES[name].parquet_file] = raw
    version = str(read_table("release", str(out))["version"].iloc[0])
    for geo_file in sorted((out / "geo").glob("*.geojson")):
        target_fs.create_dir(f"{base}/geo", recursive=True)
        pafs.copy_files(
            str(geo_file), f"{base}/geo/{geo_file.name}", source_filesystem=source_fs, destination_filesystem=target_fs
        )
    for relative, raw in tables.items():
        _put(target_fs, f"{base}/{relative}", raw, local)
        written.append(relative)
    written += [f"geo/{p.name}" for p in sorted((out / "geo").glob("*.geojson"))]
    entries = {relative: file_entry(raw) for relative, raw in tables.items()}
    entries.update({f"geo/{p.name}": file_entry(p.read_bytes()) for p in sorted((out / "geo").glob("*.geojson"))})
    marker = marker_text(version, entries)
    kept_base = f"{base}/{KEPT_FOLDER}/{version}"
    if kept is None:  # the kept copy first, its own marker last: a version is kept whole or not at all
        target_fs.create_dir(f"{kept_base}/geo", recursive=True)
        for relative, raw in tables.items():
            _put(target_fs, f"{kept_base}/{relative}", raw, local)
        for geo_file in sorted((out / "geo").glob("*.geojson")):
            _put(target_fs, f"{kept_base}/geo/{geo_file.name}", geo_file.read_bytes(), local)
        _put(target_fs, f"{kept_base}/{MARKER}", marker.encode("utf-8"), local)
    _put(target_fs, f"{base}/{MARKER}", marker.encode("utf-8"), local)  # last
    written.append(MARKER)
    return written


def _marker_of(out: Path, version: str) -> str:
    """The marker text that publishing `out` writes."""
    from dashboard.data import file_entry, marker_text

    entries = {TABLES[name].parquet_file: file_entry((out / TABLES[name].parquet_file).read_bytes()) for name in TABLES}
    entries.update({f"geo/{p.name}": file_entry(p.read_bytes()) for p in sorted((out / "geo").glob("*.geojson"))})
    return marker_text(version, entries)


def _kept_marker(target: str, version: str) -> str | None:
    """The marker of the version kept at `target` under versions/<version>/, or None when none is kept."""
    import pyarrow.fs as pafs

    from dashboard.data import MARKER, kept_uri

    where = kept_uri(target, version)
    if "://" in where:
        fs, base = pafs.FileSystem.from_uri(where)
    else:
        fs, base = pafs.LocalFileSystem(), str(Path(where).resolve())
    path = base.rstrip("/") + "/" + MARKER
    if fs.get_file_info(path).type == pafs.FileType.NotFound:
        return None
    with fs.open_input_stream(path) as stream:
        return stream.read().decode("utf-8")


def _put(fs, path: str, raw: bytes, local: bool) -> None:
    """Write one object: on object storage a single PUT (readers see the old or the new one); in a folder
    a temporary file renamed over the old one."""
    temp = f"{path}.part-{os.getpid()}" if local else path
    with fs.open_output_stream(temp) as stream:
        stream.write(raw)
    if local:
        fs.move(temp, path)
