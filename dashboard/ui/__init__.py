"""The Streamlit layer: the only part of the package that imports Streamlit (with the entry scripts
`dashboard/app.py`, `dashboard/server.py` and the page scripts in `pages/`).

Components, per-run state, presentation mode, the page modules, and the server's start-up path and
readiness route. Everything below it (data, view-models, chart builders, exports) is pure and never
imports from here; `tests/test_layers.py` checks both directions."""
