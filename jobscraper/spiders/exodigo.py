from jobscraper.platforms.comeet import ComeetSpider


class ExodigoSpider(ComeetSpider):
    name = "exodigo"
    company = "Exodigo"
    company_uid = "89.005"
    hosted_slug = "exodigo"
    careers_url = "https://www.comeet.com/jobs/exodigo/89.005"
