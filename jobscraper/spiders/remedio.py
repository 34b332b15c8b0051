from jobscraper.platforms.comeet import ComeetSpider


class RemedioSpider(ComeetSpider):
    name = "remedio"
    company = "Remedio"
    company_uid = "CA.000"
    hosted_slug = "remedio"
    careers_url = "https://www.comeet.com/jobs/remedio/CA.000"
