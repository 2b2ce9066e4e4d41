"""Sources and methods."""

from dashboard import methods_page

methods_page.render()
