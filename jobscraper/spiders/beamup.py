from jobscraper.platforms.greenhouse import GreenhouseSpider


class BeamUPSpider(GreenhouseSpider):
    name = "beamup"
    company = "BeamUP"
    board_token = "beamup"
    careers_url = "https://job-boards.greenhouse.io/beamup"
