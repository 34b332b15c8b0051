from jobscraper.platforms.comeet import ComeetSpider


class AirwayzDronesSpider(ComeetSpider):
    name = "airwayz"
    company = "Airwayz Drones"
    company_uid = "79.009"
    hosted_slug = "airwayz"
    careers_url = "https://www.comeet.com/jobs/airwayz/79.009"
