from jobscraper.platforms.comeet import ComeetSpider


class TokaSpider(ComeetSpider):
    name = "toka"
    company = "Toka"
    company_uid = "46.00D"
    hosted_slug = "toka"
    careers_url = "https://www.comeet.com/jobs/toka/46.00D"
