from jobscraper.platforms.comeet import ComeetSpider


class CoroSpider(ComeetSpider):
    name = "coro"
    company = "Coro"
    company_uid = "08.00A"
    hosted_slug = "coro"
    careers_url = "https://www.comeet.com/jobs/coro/08.00A"
