"""Priority page: international."""

from dashboard import area_page

area_page.render("international")
