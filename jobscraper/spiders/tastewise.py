from jobscraper.platforms.comeet import ComeetSpider


class TastewiseSpider(ComeetSpider):
    name = "tastewise"
    company = "Tastewise"
    company_uid = "F8.000"
    hosted_slug = "tastewise"
    careers_url = "https://www.comeet.com/jobs/tastewise/F8.000"
