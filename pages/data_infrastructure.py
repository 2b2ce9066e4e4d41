"""Priority page: data_infrastructure."""

from dashboard import area_page

area_page.render("data_infrastructure")
