from jobscraper.platforms.comeet import ComeetSpider


class CognyteSpider(ComeetSpider):
    name = "cognyte"
    company = "Cognyte"
    company_uid = "F2.009"
    hosted_slug = "cognyte"
    careers_url = "https://www.comeet.com/jobs/cognyte/F2.009"
