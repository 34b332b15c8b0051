from jobscraper.platforms.greenhouse import GreenhouseSpider


class GuardzSpider(GreenhouseSpider):
    name = "guardz"
    company = "Guardz"
    board_token = "guardz"
    careers_url = "https://job-boards.eu.greenhouse.io/guardz"
