from jobscraper.platforms.comeet import ComeetSpider


class VASTDataSpider(ComeetSpider):
    name = "vastdata"
    company = "VAST Data"
    company_uid = "43.001"
    hosted_slug = "vastdata"
    careers_url = "https://www.comeet.com/jobs/vastdata/43.001"
