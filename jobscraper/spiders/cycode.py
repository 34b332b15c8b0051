from jobscraper.platforms.comeet import ComeetSpider


class CycodeSpider(ComeetSpider):
    name = "cycode"
    company = "Cycode"
    company_uid = "A8.00D"
    hosted_slug = "cycode"
    careers_url = "https://www.comeet.com/jobs/cycode/A8.00D"
