from jobscraper.platforms.comeet import ComeetSpider


class HexagonSpider(ComeetSpider):
    name = "hexagon"
    company = "Hexagon"
    company_uid = "62.00E"
    hosted_slug = "hexagon"
    careers_url = "https://www.comeet.com/jobs/hexagon/62.00E"
