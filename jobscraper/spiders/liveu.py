from jobscraper.platforms.comeet import ComeetSpider


class LiveUSpider(ComeetSpider):
    name = "liveu"
    company = "LiveU"
    company_uid = "90.00C"
    hosted_slug = "liveu"
    careers_url = "https://www.comeet.com/jobs/liveu/90.00C"
