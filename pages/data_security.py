"""Priority page: data_security."""

from dashboard import area_page

area_page.render("data_security")
