"""The files of the curator's intake: a report in, `proposals.csv` out (`intake`); the reviewed proposals
into the curated data (`accept`).

`intake` writes the proposals (intake.PROPOSAL_COLUMNS: the observation columns, then excerpt, confidence,
reason, the source's id, URL and date, and an empty `decision`) and, when the source is new, a draft of its
row for sources.csv beside them (`<name>.source.csv`), to be completed by the curator (kind, reliability,
grade...). `review` (review.py) sets each `decision` to accept or reject. `accept` adds the accepted rows,
their source and their excerpts to a copy of the curated data, runs `check` and `verify-evidence` on the
copy, drafts the changelog entry, and only then replaces the files: nothing is half-written if a check
fails. A proposal that repeats a figure already in the data is flagged and not added twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dashboard.curation.intake import PROPOSAL_COLUMNS, IntakeError, extract_text, propose
from dashboard.curation.read import DEFAULT_OUT, REPO, CurationError, Problem, display, parse_cell
from dashboard.curation.rules import load_curated
from dashboard.curation.verify import verify_evidence
from dashboard.schema import PRECISIONS, QUALIFIERS, STATUSES, TABLES

Row = dict[str, str]
ACCEPT, REJECT = "accept", "reject"
DECISIONS = ("", ACCEPT, REJECT)
REQUIRED = tuple(c for c in PROPOSAL_COLUMNS if c not in ("confidence", "reason"))
SEEDS = REPO.parent / "shared" / "seeds"


# Reading and writing CSV ---------------------------------------------------------------------------


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_text(columns: Sequence[str], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` beside `path`, then move it into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def append_rows(path: Path, rows: Sequence[Row]) -> str:
    """The text of the CSV file `path` with `rows` added at its end (its header and quoting kept)."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader([text.splitlines()[0]]))
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore").writerows(rows)
    return (text if text.endswith("\n") else text + "\n") + out.getvalue()


def source_draft_path(proposals: Path) -> Path:
    """Where the draft row of a new source sits beside its proposals: proposals.csv -> proposals.source.csv."""
    return proposals.with_name(proposals.stem + ".source.csv")


# Intake ------------------------------------------------------------------------------------------


@dataclass
class IntakeResult:
    out: Path
    proposals: list[Row]
    source_id: str
    draft: Path | None  # the draft source row written, when the source is new

    def summary(self) -> str:
        matched = sum(1 for r in self.proposals if r["metric_id"])
        flagged = sum(1 for r in self.proposals if "already in the data" in r["reason"])
        lines = [
            f"wrote {len(self.proposals)} proposals to {display(self.out)} ({matched} with an indicator, "
            f"{flagged} already in the data)"
        ]
        if self.draft is not None:
            lines.append(
                f"source {self.source_id} is new: complete its draft row in {display(self.draft)} "
                "(kind, reliability, grade, titles)"
            )
        lines.append(f"next: python -m dashboard.curation review {display(self.out)}")
        return "\n".join(lines)


def default_source_id(url: str, published: dt.date) -> str:
    """An id in the data's style: the site's name and the date (stdaily_250814)."""
    host = (urlparse(url).hostname or "source").lower()
    labels = [p for p in host.split(".") if p not in ("www", "m", "en", "english", "wap", "mp", "news")]
    name = re.sub(r"[^a-z0-9]", "", labels[0] if labels else "source") or "source"
    if not name[0].isalpha():
        name = "s" + name
    return f"{name}_{published:%y%m%d}"


def guess_language(text: str) -> str:
    """en, zh-Hans or zh-Hant, from the characters the text uses most."""
    han = re.findall(r"[\u4e00-\u9fff]", text)
    latin = re.findall(r"[A-Za-z]", text)
    if len(han) * 2 < len(latin):
        return "en"
    traditional = sum(1 for ch in han if ch in "們個這來時國會說為與對學發經過還點頭體關機數據區萬億產業")
    simplified = sum(1 for ch in han if ch in "们个这来时国会说为与对学发经过还点头体关机数据区万亿产业")
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def flag_duplicates(rows: list[Row], observations: Sequence[Row]) -> None:
    """Mark, in its reason, each proposal whose figure is already in the data (same indicator, value,
    qualifier, date and place)."""
    for row in rows:
        twin = duplicate_of(row, observations)
        if twin:
            row["reason"] = f"already in the data as {twin}; " + row["reason"]


def duplicate_of(row: Row, observations: Sequence[Row]) -> str:
    """The obs_id of an observation stating the same figure as the proposal `row`, or ''."""
    try:
        value = float(row["value"])
    except (KeyError, ValueError):
        return ""
    for obs in observations:
        if (
            obs["metric_id"] == row.get("metric_id")
            and obs["as_of"] == row.get("as_of")
            and obs["qualifier"] == row.get("qualifier")
            and not obs.get("place_id")
            and math.isclose(float(obs["value"]), value, rel_tol=1e-12)
        ):
            return obs["obs_id"]
    return ""


def intake(
    file: Path,
    url: str,
    published: dt.date,
    out: Path,
    src: Path,
    source_id: str | None = None,
    publisher: str | None = None,
) -> IntakeResult:
    """Read the saved report `file`, write its proposals to `out` (and a draft source row when the source
    is new). Raises IntakeError (and writes nothing) for a report that cannot be read or states no figure."""
    data = file.read_bytes()
    try:
        text = extract_text(data, file.name)
    except IntakeError as err:
        raise IntakeError(f"{display(file)}: {err}") from None
    sid = source_id or default_source_id(url, published)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", sid):
        raise IntakeError(f"--source-id '{sid}' is not a valid id; use lower-case letters, digits and _")
    metrics, units = read_rows(src / "metrics.csv"), read_rows(src / "units.csv")
    proposals = propose(text, published, metrics, units, source_id=sid, url=url)
    if not proposals:
        raise IntakeError(f"{display(file)}: states no figure the intake can read; add its figures by hand")
    rows = [p.row() for p in proposals]
    flag_duplicates(rows, read_rows(src / "observations.csv"))
    sources = {r["source_id"]: r for r in read_rows(src / "sources.csv")}
    draft = None
    if sid not in sources:
        draft = source_draft_path(out)
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
        language = guess_language(text)
        row = {
            "source_id": sid,
            "title": title if language == "en" else "",
            "title_zh": title if language != "en" else "",
            "publisher": publisher or "",
            "publisher_zh": "",
            "published": published.isoformat(),
            "published_precision": "day",
            "published_note": "",
            "url": url,
            "language": language,
            "kind": "",
            "reliability": "",
            "grade": "",
            "note": "",
            "note_zh": "",
        }
        write_atomic(draft, csv_text(TABLES["sources"].column_names, [row]))
    write_atomic(out, csv_text(PROPOSAL_COLUMNS, rows))
    return IntakeResult(out, rows, sid, draft)


# Checking a proposals file ---------------------------------------------------------------------------


def check_proposal(row: Row, line: int, name: str, metrics: dict[str, Row]) -> list[Problem]:
    """What is wrong with one accepted proposal, before anything is written."""
    problems: list[Problem] = []

    def bad(column: str, message: str, fix: str) -> None:
        problems.append(Problem(name, line, column, message, fix))

    metric = metrics.get(row["metric_id"])
    if not row["metric_id"]:
        bad("metric_id", "is empty", "name the indicator (add it to metrics.csv first if it is new)")
    elif metric is None:
        bad("metric_id", f"'{row['metric_id']}' is not in metrics.csv", "use an existing metric_id or add it")
    elif row["unit"] != metric["unit"]:
        bad("unit", f"'{row['unit']}' is not the unit of {row['metric_id']} ({metric['unit']})", "convert the value")
    try:
        if not math.isfinite(float(row["value"])):
            raise ValueError
    except ValueError:
        bad("value", f"'{row['value']}' is not a number", "write a plain number such as 890 or 3.5")
    for column, choices in (("qualifier", QUALIFIERS), ("as_of_precision", PRECISIONS), ("status", STATUSES)):
        if row[column] not in choices:
            bad(column, f"'{row[column]}' is not one of: {', '.join(choices)}", "use one of those values")
    for column in ("as_of", "published", "period_start"):
        if row[column] or column != "period_start":
            try:
                dt.date.fromisoformat(row[column])
            except ValueError:
                bad(column, f"'{row[column]}' is not a date", "write it as YYYY-MM-DD")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", row["source_id"]):
        bad("source_id", f"'{row['source_id']}' is not a valid id", "use lower-case letters, digits and _")
    if not row["evidence"].strip():
        bad("evidence", "is empty", "copy the words that state the figure from the excerpt")
    elif _space(row["evidence"]) not in _space(row["excerpt"]):
        bad("evidence", "is not word for word in the excerpt", "copy the phrase exactly as the excerpt prints it")
    return problems


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def read_proposals(path: Path) -> list[Row]:
    """The rows of a proposals file; raises CurationError when its header or a decision is wrong."""
    name = display(path)
    try:
        rows = read_rows(path)
        header = next(csv.reader([path.read_text(encoding="utf-8-sig").splitlines()[0]]))
    except (UnicodeDecodeError, csv.Error, IndexError) as err:
        raise CurationError([Problem(name, None, None, f"cannot be read as CSV ({err})", "write it again")]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CurationError(
            [Problem(name, 1, None, f"misses the columns {', '.join(missing)}", "keep the columns intake wrote")]
        )
    problems = [
        Problem(name, i + 2, "decision", f"'{r['decision']}' is not accept, reject or empty", "fix the decision")
        for i, r in enumerate(rows)
        if (r["decision"] or "").strip() not in DECISIONS
    ]
    if problems:
        raise CurationError(problems)
    return rows


# Accept ------------------------------------------------------------------------------------------


@dataclass
class AcceptResult:
    added: list[str] = field(default_factory=list)  # obs_ids
    duplicates: list[str] = field(default_factory=list)  # messages
    source_added: str = ""
    excerpts_added: int = 0

    def summary(self) -> str:
        lines = [*self.duplicates]
        lines.append(f"added {len(self.added)} observation(s): {', '.join(self.added) or '-'}")
        if self.source_added:
            lines.append(f"added source {self.source_added}")
        lines.append(f"added {self.excerpts_added} excerpt(s); check and verify-evidence pass")
        lines.append("drafted the changelog entry in CHANGELOG.md (under 'Unreleased'): edit it, set the version")
        lines.append("next: python -m dashboard.curation build")
        return "\n".join(lines)


def obs_id_for(row: Row, taken: set[str]) -> str:
    base = f"{row['metric_id']}_{row['as_of'].replace('-', '')}_{row['source_id']}"
    obs_id, n = base, 2
    while obs_id in taken:
        obs_id, n = f"{base}_{n}", n + 1
    taken.add(obs_id)
    return obs_id


def observation_row(row: Row, obs_id: str) -> Row:
    return {
        "obs_id": obs_id,
        "metric_id": row["metric_id"],
        "value": row["value"],
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "as_of": row["as_of"],
        "as_of_precision": row["as_of_precision"],
        "period_start": row["period_start"],
        "published": row["published"],
        "source_id": row["source_id"],
        "evidence": row["evidence"],
        "kind": "reported",
        "formula": "",
        "status": row["status"],
        "note": "",
        "note_zh": "",
        "place_id": "",
    }


def changelog_text(text: str, added: list[Row], sources: dict[str, Row], today: dt.date) -> str:
    """CHANGELOG.md with the accepted figures listed under a draft 'Unreleased' section (created before the
    first version's section when there is none)."""
    lines = [
        f"- {r['metric_id']}: {r['value']} {r['unit']} ({r['qualifier']}, {r['as_of']}, {r['status']}) from "
        f"`{r['source_id']}`"
        + (f" ({sources[r['source_id']]['url']})" if sources.get(r["source_id"], {}).get("url") else "")
        for r in added
    ]
    heading = "## Unreleased (draft)"
    if heading in text:
        head, rest = text.split(heading, 1)
        body_end = rest.find("\n## ")
        body, tail = (rest, "") if body_end < 0 else (rest[:body_end], rest[body_end:])
        return head + heading + body.rstrip("\n") + "\n" + "\n".join(lines) + "\n" + tail
    entry = f"{heading}\n\nFigures added with `curation accept` on {today.isoformat()}; review, then give them a version.\n\n"
    entry += "\n".join(lines) + "\n\n"
    first = text.find("\n## ")
    if first < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[: first + 1] + entry + text[first + 1 :]


def accept(proposals: Path, datasets: Path = DEFAULT_OUT, seeds: Path | None = SEEDS) -> AcceptResult:
    """Add the accepted proposals of `proposals` (and their source and excerpts) to `datasets`, all or
    nothing: the files are replaced only after `check` and `verify-evidence` pass on a copy."""
    name = display(proposals)
    rows = read_proposals(proposals)
    chosen = [(i + 2, r) for i, r in enumerate(rows) if r["decision"].strip() == ACCEPT]
    if not chosen:
        raise CurationError(
            [Problem(name, None, "decision", "no proposal is marked accept", "run review, or set decision to accept")]
        )
    curated, raw = datasets / "curated", datasets / "raw"
    metrics = {r["metric_id"]: r for r in read_rows(curated / "metrics.csv")}
    observations = read_rows(curated / "observations.csv")
    sources = {r["source_id"]: r for r in read_rows(curated / "sources.csv")}
    problems = [p for line, r in chosen for p in check_proposal(r, line, name, metrics)]
    new_sources = _new_sources(proposals, [r for _, r in chosen], sources, problems)
    if problems:
        raise CurationError(problems)
    result = AcceptResult()
    taken = {o["obs_id"] for o in observations}
    added: list[Row] = []
    for line, row in chosen:
        twin = duplicate_of(row, [*observations, *added])
        if twin:
            result.duplicates.append(
                f"{name}:{line}: duplicate of {twin} ({row['metric_id']} {row['value']}); not added"
            )
            continue
        added.append(observation_row(row, obs_id_for(row, taken)))
    if not added:
        raise CurationError(
            [Problem(name, None, None, "every accepted figure is already in the data", "nothing to add")]
        )
    known = {(r["source_id"], _space(r["excerpt"])) for r in read_rows(raw / "excerpts.csv")}
    excerpts: list[Row] = []
    for _, row in chosen:
        key = (row["source_id"], _space(row["excerpt"]))
        if key not in known:
            known.add(key)
            excerpts.append({"source_id": row["source_id"], "url": row["url"], "excerpt": row["excerpt"]})
    changed = {
        curated / "observations.csv": append_rows(curated / "observations.csv", added),
        raw / "excerpts.csv": append_rows(raw / "excerpts.csv", excerpts),
        datasets / "CHANGELOG.md": changelog_text(
            (datasets / "CHANGELOG.md").read_text(encoding="utf-8"), added, {**sources, **new_sources}, dt.date.today()
        ),
    }
    if new_sources:
        changed[curated / "sources.csv"] = append_rows(curated / "sources.csv", list(new_sources.values()))
    _check_copy(datasets, changed, seeds)
    for path, text in changed.items():  # every check passed: replace the files
        write_atomic(path, text)
    result.added = [r["obs_id"] for r in added]
    result.source_added = ", ".join(new_sources)
    result.excerpts_added = len(excerpts)
    return result


def _new_sources(proposals: Path, rows: list[Row], sources: dict[str, Row], problems: list[Problem]) -> dict[str, Row]:
    """The draft rows of the sources the accepted proposals cite and sources.csv lacks (problems appended)."""
    needed = {r["source_id"] for r in rows} - set(sources)
    if not needed:
        return {}
    draft = source_draft_path(proposals)
    if not draft.exists():
        problems.append(
            Problem(
                display(draft),
                None,
                None,
                f"is missing, and sources.csv has no {', '.join(sorted(needed))}",
                "write the source's row (intake drafts it) or add it to sources.csv",
            )
        )
        return {}
    found: dict[str, Row] = {}
    table = TABLES["sources"]
    for i, row in enumerate(read_rows(draft)):
        if row.get("source_id") not in needed:
            continue
        for column in table.columns:
            _, problem, fix = parse_cell(column, row.get(column.name) or "")
            if problem:
                problems.append(Problem(display(draft), i + 2, column.name, problem, fix or ""))
        found[row["source_id"]] = row
    for sid in sorted(needed - set(found)):
        problems.append(Problem(display(draft), None, "source_id", f"has no row for {sid}", "add the source's row"))
    return found


def _check_copy(datasets: Path, changed: dict[Path, str], seeds: Path | None) -> None:
    """Run check and verify-evidence on a copy of `datasets` with the changed files; raise CurationError
    (naming the real files) if either finds a problem."""
    tmp = Path(tempfile.mkdtemp(prefix=".accept-", dir=datasets))
    try:
        shutil.copytree(datasets / "curated", tmp / "curated")
        shutil.copytree(datasets / "raw", tmp / "raw")
        for path, text in changed.items():
            target = tmp / path.relative_to(datasets)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_curated(tmp / "curated")
        except CurationError as err:
            raise CurationError([_real(p, tmp, datasets) for p in err.problems]) from None
        research = tmp / "raw" / "research_extra_figures.csv"
        _, problems = verify_evidence(
            tmp / "curated", seeds if seeds and seeds.is_dir() else None, research, tmp / "raw" / "excerpts.csv"
        )
        if problems:
            raise CurationError([_real(p, tmp, datasets) for p in problems])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _real(problem: Problem, tmp: Path, datasets: Path) -> Problem:
    """The problem as found in the copy, naming the file it will be in."""
    copy = display(tmp)
    real = display(datasets)
    return Problem(problem.file.replace(copy, real), problem.row, problem.column, problem.message, problem.fix)
