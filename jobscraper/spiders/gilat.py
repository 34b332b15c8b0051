from jobscraper.platforms.comeet import ComeetSpider


class GilatSatelliteNetworksSpider(ComeetSpider):
    name = "gilat"
    company = "Gilat Satellite Networks"
    company_uid = "39.005"
    hosted_slug = "gilat"
    careers_url = "https://www.comeet.com/jobs/gilat/39.005"
