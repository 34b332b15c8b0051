from jobscraper.platforms.comeet import ComeetSpider


class HolistoSpider(ComeetSpider):
    name = "holisto"
    company = "Holisto"
    company_uid = "76.001"
    hosted_slug = "holisto"
    careers_url = "https://www.comeet.com/jobs/holisto/76.001"
