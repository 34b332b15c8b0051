from jobscraper.platforms.comeet import ComeetSpider


class LiliSpider(ComeetSpider):
    name = "lili"
    company = "Lili"
    company_uid = "A6.009"
    hosted_slug = "lili"
    careers_url = "https://www.comeet.com/jobs/lili/A6.009"
