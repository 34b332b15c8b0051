from jobscraper.platforms.comeet import ComeetSpider


class PlainIDSpider(ComeetSpider):
    name = "plainid"
    company = "PlainID"
    company_uid = "C4.00C"
    hosted_slug = "plainid"
    careers_url = "https://www.comeet.com/jobs/plainid/C4.00C"
