"""Review: an interactive terminal pass over a proposals file, one proposal at a time.

    python -m dashboard.curation review proposals.csv

Each proposal is shown beside its sentence (the evidence marked »…« inside it), with the indicator's
current series and the new point drawn in, and the flags a curator must see: a figure already in the data,
what the series sanity checks would say once it is added (a stock that falls, the same value at a later
date, a jump, an actual figure whose words say forecast), a unit that is not the indicator's, no indicator.
The curator answers a (accept), r (reject), e field=value (edit, then see it again), s (skip) or q (quit).
Every answer is saved to the file at once (written beside it and moved into place), so quitting loses
nothing. Only the curation command line uses this module; the served dashboard never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dashboard.curation.intake import PROPOSAL_COLUMNS
from dashboard.curation.proposals import ACCEPT, REJECT, csv_text, duplicate_of, read_proposals, write_atomic
from dashboard.curation.read import CurationError, Problem, display, read_curated
from dashboard.curation.series import findings
from dashboard.schema import ObservationKind

Row = dict[str, str]
NEW = "(new)"
BAR = 30
EDITABLE = ("metric_id", "value", "unit", "qualifier", "as_of", "as_of_precision", "status", "evidence", "period_start")


def mark(excerpt: str, evidence: str) -> str:
    """The sentence with the evidence marked »…« (or the sentence and a warning when it is not in it)."""
    at = excerpt.find(evidence)
    if not evidence or at < 0:
        return f"{excerpt}\n    (the evidence is not in this sentence: '{evidence}')"
    return excerpt[:at] + "»" + evidence + "«" + excerpt[at + len(evidence) :]


def typed(row: Row, metrics: dict[str, Any]) -> dict[str, Any] | None:
    """The proposal as an observation the series checks read, or None when a cell cannot be typed."""
    try:
        return {
            "obs_id": NEW,
            "metric_id": row["metric_id"],
            "value": float(row["value"]),
            "as_of": dt.date.fromisoformat(row["as_of"]),
            "published": dt.date.fromisoformat(row["published"]),
            "period_start": dt.date.fromisoformat(row["period_start"]) if row["period_start"] else None,
            "status": row["status"],
            "kind": ObservationKind.REPORTED,
            "source_id": row["source_id"] or "new_source",
            "evidence": row["evidence"],
            "place_id": None,
        }
    except (KeyError, ValueError):
        return None


def series_lines(row: Row, observations: Sequence[dict[str, Any]]) -> list[str]:
    """The indicator's national series (actual reported figures by date) with the new point drawn in, as
    text bars scaled to the largest value."""
    new = typed(row, {})
    if new is None or not row["metric_id"]:
        return []
    points = [
        o
        for o in observations
        if o["metric_id"] == row["metric_id"] and not o.get("place_id") and o["kind"] == ObservationKind.REPORTED
    ]
    points = sorted([*points, new], key=lambda o: (o["as_of"], o["obs_id"] == NEW))
    top = max((abs(o["value"]) for o in points), default=0) or 1
    lines = []
    for o in points:
        bar = "█" * max(1, round(BAR * abs(o["value"]) / top))
        who = "◀ this proposal" if o["obs_id"] == NEW else o["source_id"]
        status = "" if o["status"] == "actual" else f" [{o['status']}]"
        lines.append(f"    {o['as_of'].isoformat()}  {bar:<{BAR}}  {o['value']:g}{status}  {who}")
    return lines


def flags(
    row: Row, observations: Sequence[dict[str, Any]], unit_kinds: dict[str, str | None], metrics: dict
) -> list[str]:
    """What a curator must look at before accepting `row`."""
    out = []
    plain = [{k: ("" if v is None else str(v)) for k, v in o.items()} for o in observations]
    twin = duplicate_of(row, plain)
    if twin:
        out.append(f"already in the data as {twin}: reject it (accept would not add it twice)")
    if not row["metric_id"]:
        out.append("no indicator: name one (or add a metric to metrics.csv) before accepting")
    elif row["metric_id"] not in metrics:
        out.append(f"indicator {row['metric_id']} is not in metrics.csv")
    elif metrics[row["metric_id"]]["unit"] != row["unit"]:
        out.append(f"unit {row['unit']} is not the indicator's ({metrics[row['metric_id']]['unit']})")
    new = typed(row, metrics)
    if new is None:
        out.append("a value or date cannot be read: edit it")
    elif row["metric_id"]:
        before = {f.key for found in findings(list(observations), unit_kinds).values() for f in found}
        after = findings([*observations, new], unit_kinds)
        for found in after.values():
            for finding in found:
                if NEW in finding.obs_ids and finding.key not in before:
                    out.append(f"series check {finding.check}: {finding.message}")
    return out


def show(
    row: Row, index: int, total: int, observations: Sequence[dict[str, Any]], unit_kinds: dict, metrics: dict
) -> str:
    lines = [
        "",
        f"[{index}/{total}] confidence {row.get('confidence', '')}: {row.get('reason', '')}",
        f"  sentence: {mark(row['excerpt'], row['evidence'])}",
        f"  proposal: {row['metric_id'] or '(no indicator)'} = {row['value']} {row['unit']} ({row['qualifier']}), "
        f"as of {row['as_of']} ({row['as_of_precision']}), {row['status']}",
    ]
    series = series_lines(row, observations)
    if series:
        lines.append(f"  series of {row['metric_id']} (national, reported):")
        lines.extend(series)
    for flag in flags(row, observations, unit_kinds, metrics):
        lines.append(f"  ⚠ {flag}")
    lines.append("  a accept · r reject · e field=value edit · s skip · q quit")
    return "\n".join(lines)


def review(
    path: Path,
    src: Path,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
    every: bool = False,
) -> dict[str, int]:
    """Go through the undecided proposals of `path` (all of them with `every`), saving each answer to the
    file at once. Returns how many were accepted, rejected and left."""
    rows = read_proposals(path)
    problems: list[Problem] = []
    tables = read_curated(src, problems)
    if problems or "observations" not in tables:
        raise CurationError(problems or [Problem(display(src), None, None, "has no observations", "check it")])
    observations = tables["observations"].rows
    metrics = {r["metric_id"]: r for r in tables["metrics"].rows}
    units = {r["unit_id"]: r["kind"] for r in tables["units"].rows}
    unit_kinds = {m: units.get(r["unit"]) for m, r in metrics.items()}
    columns = list(dict.fromkeys([*PROPOSAL_COLUMNS, *rows[0].keys()])) if rows else list(PROPOSAL_COLUMNS)
    todo = [r for r in rows if every or not r["decision"].strip()]
    counts = {ACCEPT: 0, REJECT: 0, "left": 0}
    for n, row in enumerate(todo, 1):
        answer = ""
        while True:
            say(show(row, n, len(todo), observations, unit_kinds, metrics))
            try:
                answer = ask("> ").strip()
            except EOFError:
                answer = "q"
            if answer.startswith("e"):
                field, _, value = answer[1:].strip().partition("=")
                if field.strip() in EDITABLE:
                    row[field.strip()] = value.strip()
                    write_atomic(path, csv_text(columns, rows))
                else:
                    say(f"  cannot edit '{field.strip()}'; editable: {', '.join(EDITABLE)}")
                continue
            if answer in ("a", "r", "s", "q"):
                break
            say("  answer a, r, e field=value, s or q")
        if answer == "q":
            counts["left"] += len(todo) - n + 1
            break
        if answer == "s":
            counts["left"] += 1
            continue
        row["decision"] = ACCEPT if answer == "a" else REJECT
        counts[row["decision"]] += 1
        write_atomic(path, csv_text(columns, rows))
    say(
        f"{counts[ACCEPT]} accepted, {counts[REJECT]} rejected, {counts['left']} left; "
        f"next: python -m dashboard.curation accept {display(path)}"
    )
    return counts
