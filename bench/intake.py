"""How well the curator's intake reads real reports (issue 26): recall and precision on the test corpus
(tests/intake_corpus: saved reports and a hand-made key of every figure each states), and how long a report
of 20 figures takes.

    python bench/intake.py [--verbose]

A proposal counts as right only when its value and unit (compared exactly across units of one quantity:
2508.9亿元 = 250.89 billion yuan = 0.25089 trillion yuan), its qualifier, and the date it describes (as_of
and its precision) all match a key row of the same report; each key row is matched once. Status is
reported beside, not counted. Targets (issue 26): recall >= 90 % and precision >= 80 % over the corpus, a
report of 20 figures proposed in under 5 seconds. tests/test_intake_corpus.py holds them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.curation.intake import Proposal, extract_text, propose, same_figure  # noqa: E402

CORPUS = REPO / "tests" / "intake_corpus"
CURATED = REPO / "datasets" / "curated"
TARGET_RECALL = 0.90
TARGET_PRECISION = 0.80
TARGET_SECONDS = 5.0


@dataclass
class Score:
    report: str
    key: int
    proposed: int
    right: int
    status_right: int = 0
    missed: list[dict[str, str]] = field(default_factory=list)
    wrong: list[Proposal] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right / self.key if self.key else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reports(corpus: Path = CORPUS) -> list[dict[str, str]]:
    return read_csv(corpus / "reports.csv")


def key_rows(corpus: Path = CORPUS) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(corpus / "key.csv"):
        found.setdefault(row["report"], []).append(row)
    return found


def tables() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    return read_csv(CURATED / "metrics.csv"), read_csv(CURATED / "units.csv")


def run_report(report: dict[str, str], corpus: Path = CORPUS) -> list[Proposal]:
    metrics, units = tables()
    path = corpus / report["file"]
    text = extract_text(path.read_bytes(), path.name)
    return propose(text, dt.date.fromisoformat(report["published"]), metrics, units, url=report["url"])


def matches(p: Proposal, k: dict[str, str]) -> bool:
    return (
        same_figure(p.value, p.unit, Decimal(k["value"]), k["unit"])
        and p.qualifier == k["qualifier"]
        and p.as_of.isoformat() == k["as_of"]
        and p.as_of_precision == k["as_of_precision"]
    )


def score(report: str, proposals: list[Proposal], key: list[dict[str, str]]) -> Score:
    unused = list(proposals)
    result = Score(report, len(key), len(proposals), 0)
    for k in key:
        hit = next((p for p in unused if matches(p, k)), None)
        if hit is None:
            result.missed.append(k)
            continue
        unused.remove(hit)
        result.right += 1
        result.status_right += hit.status == k["status"]
    result.wrong = unused
    return result


def score_corpus(corpus: Path = CORPUS) -> list[Score]:
    keys = key_rows(corpus)
    return [score(r["report"], run_report(r, corpus), keys.get(r["report"], [])) for r in reports(corpus)]


def total(scores: list[Score]) -> Score:
    out = Score("overall", sum(s.key for s in scores), sum(s.proposed for s in scores), sum(s.right for s in scores))
    out.status_right = sum(s.status_right for s in scores)
    return out


def time_report(report: dict[str, str], trials: int = 5, corpus: Path = CORPUS) -> float:
    """The slowest of `trials` runs of the whole intake (reading the file, the tables, proposing)."""
    slowest = 0.0
    for _ in range(trials):
        start = time.perf_counter()
        run_report(report, corpus)
        slowest = max(slowest, time.perf_counter() - start)
    return slowest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--verbose", action="store_true", help="list every missed and every wrong figure")
    args = parser.parse_args(argv)
    scores = score_corpus()
    overall = total(scores)
    print(f"{'report':34} {'key':>4} {'proposed':>8} {'right':>5} {'recall':>7} {'precision':>9} {'status':>6}")
    for s in [*scores, overall]:
        print(
            f"{s.report:34} {s.key:4d} {s.proposed:8d} {s.right:5d} {s.recall:7.1%} {s.precision:9.1%} "
            f"{s.status_right:3d}/{s.right:<3d}"
        )
        if args.verbose and s is not overall:
            for k in s.missed:
                print(
                    f"    missed: {k['text']} = {k['value']} {k['unit']} {k['qualifier']} {k['as_of']} {k['as_of_precision']}"
                )
            for p in s.wrong:
                print(f"    wrong:  {p.value} {p.unit} {p.qualifier} {p.as_of} {p.as_of_precision} <- '{p.evidence}'")
    largest = max(reports(), key=lambda r: len(key_rows().get(r["report"], [])))
    figures = len(key_rows()[largest["report"]])
    seconds = time_report(largest)
    print(f"\ntime for {largest['report']} ({figures} figures), slowest of 5: {seconds:.3f} s")
    met = overall.recall >= TARGET_RECALL and overall.precision >= TARGET_PRECISION and seconds < TARGET_SECONDS
    print(
        f"targets (recall >= {TARGET_RECALL:.0%}, precision >= {TARGET_PRECISION:.0%}, < {TARGET_SECONDS:g} s): "
        + ("met" if met else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
