"""Priority page: data_security."""

from dashboard.ui import area_page

area_page.render("data_security")
