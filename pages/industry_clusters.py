"""Priority page: industry_clusters."""

from dashboard.ui import area_page

area_page.render("industry_clusters")
