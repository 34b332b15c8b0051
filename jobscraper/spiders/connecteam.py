from jobscraper.platforms.greenhouse import GreenhouseSpider


class ConnecteamSpider(GreenhouseSpider):
    name = "connecteam"
    company = "Connecteam"
    board_token = "connecteam"
    careers_url = "https://job-boards.greenhouse.io/connecteam"
