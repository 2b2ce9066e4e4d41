"""Targets: every policy target with its deadline, latest figure, growth needed and achieved, and status."""

from dashboard.ui import targets_page

targets_page.render()
