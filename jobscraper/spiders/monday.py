from jobscraper.platforms.comeet import ComeetSpider


class MondaySpider(ComeetSpider):
    name = "monday"
    company = "monday.com"
    company_uid = "41.00B"
    hosted_slug = "monday"
    careers_url = "https://monday.com/careers"
