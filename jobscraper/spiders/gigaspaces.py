from jobscraper.platforms.comeet import ComeetSpider


class GigaSpacesTechnologiesSpider(ComeetSpider):
    name = "gigaspaces"
    company = "GigaSpaces Technologies"
    company_uid = "C5.00E"
    hosted_slug = "gigaspaces"
    careers_url = "https://www.comeet.com/jobs/gigaspaces/C5.00E"
