from jobscraper.platforms.comeet import ComeetSpider


class IslandSpider(ComeetSpider):
    name = "island"
    company = "Island"
    company_uid = "09.00A"
    hosted_slug = "island"
    careers_url = "https://www.island.io/careers"
