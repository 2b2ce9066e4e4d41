"""Sources and methods."""

from dashboard.ui import methods_page

methods_page.render()
