"""Priority page: international."""

from dashboard.ui import area_page

area_page.render("international")
