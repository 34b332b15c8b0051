from jobscraper.platforms.comeet import ComeetSpider


class StartIoSpider(ComeetSpider):
    name = "startio"
    company = "Start.io"
    company_uid = "B2.004"
    hosted_slug = "start.io"
    careers_url = "https://www.comeet.com/jobs/start.io/B2.004"
