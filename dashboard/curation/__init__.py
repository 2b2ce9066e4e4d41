"""Validate the curated text source and build the Parquet tables from it.

    python -m dashboard.curation check [--src DIR]
    python -m dashboard.curation build [--src DIR] [--out DIR]
    python -m dashboard.curation verify-evidence [--src DIR] [--seeds DIR] [--research CSV]
    python -m dashboard.curation docs [--readme FILE]
    python -m dashboard.curation publish --to URI [--out DIR]
    python -m dashboard.curation intake --file REPORT --url URL --published DATE --out proposals.csv
    python -m dashboard.curation review proposals.csv
    python -m dashboard.curation accept proposals.csv [--datasets DIR]

`check` prints one line per problem, naming the file, the row (the line number in the CSV file), the column,
what is wrong and what to do, and exits 1 if there is any; it never prints a traceback. `build` runs the
check and then writes every table as Parquet: all files are first written beside their targets and only
then moved into place, so a failed build leaves the existing files as they were. The same input always
gives equal tables. `verify-evidence` checks that every evidence phrase stands word for word in its source
text (the seed articles and the research table, when they are available). `docs` rewrites the table
reference and the list of checks in datasets/README.md from the schema and the rules, so the data
dictionary never drifts from the code. `publish` copies the built tables and the map outline to another
folder or to object storage (the DATASETS_URI of replicas), after checking that every table there would
load. `intake` reads a saved report (HTML, text or PDF; nothing is fetched) and writes one proposed
observation row per figure it states; `review` goes through them in the terminal; `accept` adds the
accepted ones, their source and excerpts, all or nothing (see datasets/README.md).

The modules, in the order data flows through them:

- `read`: read and type one curated CSV file; `Problem`, the one shape of every complaint;
- `rules`: the named checks across tables, run in order by `check_integrity`; `load_curated` reads and
  checks the whole folder;
- `build`: the checked tables as Parquet, with the version marker written last;
- `verify`: every evidence phrase against the stored text of its source;
- `publish`: the built files to another folder or to object storage;
- `docs`: the generated parts of datasets/README.md;
- `intake`: a report's text to proposed rows (pure functions); `proposals`: the intake's and accept's
  files; `review`: the terminal review;
- `cli`: the command line above (`__main__` runs it).

The package itself imports nothing, so `from dashboard.curation import build` names the module; import
functions from their modules (`from dashboard.curation.build import build`).
"""
