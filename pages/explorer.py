"""Data explorer: filter, download, cite."""

from dashboard.ui import explorer_page

explorer_page.render()
