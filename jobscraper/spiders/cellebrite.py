from jobscraper.platforms.comeet import ComeetSpider


class CellebriteSpider(ComeetSpider):
    name = "cellebrite"
    company = "Cellebrite"
    company_uid = "C3.00F"
    hosted_slug = "Cellebrite"
    careers_url = "https://www.comeet.com/jobs/Cellebrite/C3.00F"
