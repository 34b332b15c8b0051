from jobscraper.platforms.greenhouse import GreenhouseSpider


class CatoNetworksSpider(GreenhouseSpider):
    name = "catonetworks"
    company = "Cato Networks"
    board_token = "catonetworks"
    careers_url = "https://job-boards.greenhouse.io/catonetworks"
