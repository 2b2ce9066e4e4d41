"""Priority page: data_system."""

from dashboard.ui import area_page

area_page.render("data_system")
