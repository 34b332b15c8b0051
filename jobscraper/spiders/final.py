from jobscraper.platforms.comeet import ComeetSpider


class FinalSpider(ComeetSpider):
    name = "final"
    company = "Final"
    company_uid = "C0.009"
    hosted_slug = "final"
    careers_url = "https://www.comeet.com/jobs/final/C0.009"
