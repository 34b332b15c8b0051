from jobscraper.platforms.comeet import ComeetSpider


class ComunixSpider(ComeetSpider):
    name = "comunix"
    company = "Comunix"
    company_uid = "86.006"
    hosted_slug = "comunix"
    careers_url = "https://www.comeet.com/jobs/comunix/86.006"
