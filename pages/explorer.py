"""Data explorer: filter, download, cite."""

from dashboard import explorer_page

explorer_page.render()
