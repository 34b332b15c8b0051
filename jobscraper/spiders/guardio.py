from jobscraper.platforms.comeet import ComeetSpider


class GuardioSpider(ComeetSpider):
    name = "guardio"
    company = "Guardio"
    company_uid = "57.000"
    hosted_slug = "guardio"
    careers_url = "https://www.comeet.com/jobs/guardio/57.000"
