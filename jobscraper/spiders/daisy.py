from jobscraper.platforms.comeet import ComeetSpider


class DaisySpider(ComeetSpider):
    name = "daisy"
    company = "Daisy"
    company_uid = "67.002"
    hosted_slug = "daisy"
    careers_url = "https://www.comeet.com/jobs/daisy/67.002"
