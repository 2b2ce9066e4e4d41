"""Priority page: industry_clusters."""

from dashboard import area_page

area_page.render("industry_clusters")
