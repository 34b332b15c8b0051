from jobscraper.platforms.comeet import ComeetSpider


class LumenisSpider(ComeetSpider):
    name = "lumenis"
    company = "Lumenis"
    company_uid = "A1.00C"
    hosted_slug = "lumenis"
    careers_url = "https://www.comeet.com/jobs/lumenis/A1.00C"
