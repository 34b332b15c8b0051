from jobscraper.platforms.comeet import ComeetSpider


class CheckmarxSpider(ComeetSpider):
    name = "checkmarx"
    company = "Checkmarx"
    company_uid = "C0.008"
    hosted_slug = "checkmarx"
    careers_url = "https://www.comeet.com/jobs/checkmarx/C0.008"
