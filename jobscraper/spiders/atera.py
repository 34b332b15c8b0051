from jobscraper.platforms.comeet import ComeetSpider


class AteraNetworksSpider(ComeetSpider):
    name = "atera"
    company = "Atera Networks"
    company_uid = "63.00B"
    hosted_slug = "atera"
    careers_url = "https://www.comeet.com/jobs/atera/63.00B"
