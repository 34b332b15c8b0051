from jobscraper.platforms.comeet import ComeetSpider


class KalturaSpider(ComeetSpider):
    name = "kaltura"
    company = "Kaltura"
    company_uid = "E2.00D"
    hosted_slug = "kaltura"
    careers_url = "https://www.comeet.com/jobs/kaltura/E2.00D"
