"""The command line: `python -m dashboard.curation check|build|verify-evidence|docs|publish` (see the
package's docstring). Every failure is one line naming the file and what to do, never a traceback, and
exit code 1."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import dashboard.curation
from dashboard.curation.build import build
from dashboard.curation.docs import render_readme
from dashboard.curation.intake import IntakeError
from dashboard.curation.publish import publish
from dashboard.curation.read import DEFAULT_OUT, DEFAULT_SRC, REPO, CurationError, display
from dashboard.curation.rules import load_curated
from dashboard.curation.verify import EXCERPTS_FILE, verify_evidence


def build_parser() -> argparse.ArgumentParser:
    description = (dashboard.curation.__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(prog="python -m dashboard.curation", description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    pub = sub.add_parser("publish")
    pub.add_argument("--to", required=True, help="target folder or URI (s3://bucket/prefix?endpoint_override=...)")
    pub.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of the built Parquet files")
    intake = sub.add_parser("intake", help="propose observation rows for the figures a saved report states")
    intake.add_argument("--file", type=Path, required=True, help="the report, saved as HTML, plain text or PDF")
    intake.add_argument("--url", required=True, help="the page's address, for the record (never fetched)")
    intake.add_argument("--published", required=True, help="the report's publication date, YYYY-MM-DD")
    intake.add_argument("--source-id", help="the id of its row in sources.csv (default: from the host and date)")
    intake.add_argument("--publisher", help="who said it, for the draft source row")
    intake.add_argument("--out", type=Path, required=True, help="the proposals CSV to write")
    intake.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of curated CSV files")
    review = sub.add_parser("review", help="accept, edit or reject each proposal in the terminal")
    review.add_argument("proposals", type=Path)
    review.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of curated CSV files")
    review.add_argument("--all", action="store_true", help="also show the proposals already decided")
    accept = sub.add_parser("accept", help="add the accepted proposals to the curated data, all or nothing")
    accept.add_argument("proposals", type=Path)
    accept.add_argument("--datasets", type=Path, default=DEFAULT_OUT, help="the datasets folder (curated/, raw/)")
    docs = sub.add_parser("docs")
    docs.add_argument("--readme", type=Path, default=DEFAULT_OUT / "README.md")
    for name in ("check", "build", "verify-evidence"):
        p = sub.add_parser(name)
        p.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of curated CSV files")
        if name == "build":
            p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the Parquet files")
        if name == "verify-evidence":
            p.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
            p.add_argument("--research", type=Path, default=DEFAULT_OUT / "raw" / "research_extra_figures.csv")
            p.add_argument(
                "--excerpts",
                type=Path,
                default=EXCERPTS_FILE,
                help="stored excerpts of the source pages (source_id, url, excerpt)",
            )
    return parser


def run_publish(args: argparse.Namespace) -> int:
    from dashboard.data import shown_uri  # the location without its options or credentials

    try:
        written = publish(args.out, args.to)
    except ValueError as err:
        print(f"not published: {err}", file=sys.stderr)
        return 1
    print(f"published {len(written)} files to {shown_uri(args.to)}")
    return 0


def run_docs(args: argparse.Namespace) -> int:
    args.readme.write_text(render_readme(args.readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the table reference into {display(args.readme)}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    tables = load_curated(args.src)
    print(f"ok: {sum(len(t.rows) for t in tables.values())} rows in {len(tables)} tables")
    return 0


def run_build(args: argparse.Namespace) -> int:
    built = build(args.src, args.out)
    print(
        f"built {len(built)} tables into {display(args.out)}: "
        + ", ".join(f"{n} ({t.num_rows})" for n, t in built.items())
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    checked, problems = verify_evidence(args.src, args.seeds, args.research, args.excerpts)
    for p in problems:
        print(p)
    if problems:
        return 1
    if not checked:
        print("no source texts found: pass --seeds and --research", file=sys.stderr)
        return 1
    print(f"ok: {checked} evidence phrases found word for word in the source texts at hand")
    return 0


def run_intake(args: argparse.Namespace) -> int:
    from dashboard.curation.proposals import intake

    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        print(f"--published '{args.published}' is not a date; write it as YYYY-MM-DD", file=sys.stderr)
        return 1
    result = intake(args.file, args.url, published, args.out, args.src, args.source_id, args.publisher)
    print(result.summary())
    return 0


def run_review(args: argparse.Namespace) -> int:
    from dashboard.curation.review import review

    review(args.proposals, args.src, every=args.all)
    return 0


def run_accept(args: argparse.Namespace) -> int:
    from dashboard.curation.proposals import accept

    print(accept(args.proposals, args.datasets).summary())
    return 0


COMMANDS = {
    "publish": run_publish,
    "docs": run_docs,
    "check": run_check,
    "build": run_build,
    "verify-evidence": run_verify,
    "intake": run_intake,
    "review": run_review,
    "accept": run_accept,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except IntakeError as err:
        print(str(err), file=sys.stderr)
        print("nothing was written.", file=sys.stderr)
        return 1
    except CurationError as err:
        for p in err.problems:
            print(p)
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{err.filename or ''}: {err.strerror or err}; check the path and permissions", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - one line for the user, never a traceback
        from dashboard.data import DataFileError

        if isinstance(err, DataFileError):
            print(str(err), file=sys.stderr)
        else:
            print(f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}", file=sys.stderr)
        return 1
