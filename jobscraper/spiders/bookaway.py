from jobscraper.platforms.comeet import ComeetSpider


class BookawaySpider(ComeetSpider):
    name = "bookaway"
    company = "Bookaway"
    company_uid = "64.006"
    hosted_slug = "Bookaway"
    careers_url = "https://www.comeet.com/jobs/Bookaway/64.006"
