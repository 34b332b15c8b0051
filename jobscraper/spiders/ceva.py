from jobscraper.platforms.comeet import ComeetSpider


class CEVASpider(ComeetSpider):
    name = "ceva"
    company = "CEVA"
    company_uid = "76.005"
    hosted_slug = "ceva"
    careers_url = "https://www.comeet.com/jobs/ceva/76.005"
