from jobscraper.platforms.comeet import ComeetSpider


class ThriveDXSpider(ComeetSpider):
    name = "thrivedx"
    company = "Thrive DX"
    company_uid = "A7.009"
    hosted_slug = "thrivedx"
    careers_url = "https://www.comeet.com/jobs/thrivedx/A7.009"
