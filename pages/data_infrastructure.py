"""Priority page: data_infrastructure."""

from dashboard.ui import area_page

area_page.render("data_infrastructure")
