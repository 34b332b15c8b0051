from jobscraper.platforms.comeet import ComeetSpider


class ViberSpider(ComeetSpider):
    name = "viber"
    company = "Viber"
    company_uid = "04.002"
    hosted_slug = "viber"
    careers_url = "https://www.comeet.com/jobs/viber/04.002"
