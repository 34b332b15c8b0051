from jobscraper.platforms.comeet import ComeetSpider


class CyeraSpider(ComeetSpider):
    name = "cyera"
    company = "Cyera"
    company_uid = "17.008"
    hosted_slug = "cyera"
    careers_url = "https://www.comeet.com/jobs/cyera/17.008"
