from jobscraper.platforms.greenhouse import GreenhouseSpider


class MelioSpider(GreenhouseSpider):
    name = "melio"
    company = "Melio"
    board_token = "melio"
    careers_url = "https://www.lifeatmelio.com/"
