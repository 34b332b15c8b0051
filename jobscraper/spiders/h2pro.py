from jobscraper.platforms.comeet import ComeetSpider


class H2ProSpider(ComeetSpider):
    name = "h2pro"
    company = "H2Pro"
    company_uid = "A7.001"
    hosted_slug = "h2pro"
    careers_url = "https://www.comeet.com/jobs/h2pro/A7.001"
