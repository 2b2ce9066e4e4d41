"""Indicator page: /indicator?id=<metric_id>, or the catalogue of every indicator without an id."""

from dashboard.ui import indicator_page

indicator_page.render()
