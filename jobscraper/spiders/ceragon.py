from jobscraper.platforms.comeet import ComeetSpider


class CeragonNetworksSpider(ComeetSpider):
    name = "ceragon"
    company = "Ceragon Networks"
    company_uid = "D3.003"
    hosted_slug = "ceragon"
    careers_url = "https://www.comeet.com/jobs/ceragon/D3.003"
