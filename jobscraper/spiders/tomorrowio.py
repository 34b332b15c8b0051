from jobscraper.platforms.greenhouse import GreenhouseSpider


class TomorrowIoSpider(GreenhouseSpider):
    name = "tomorrowio"
    company = "Tomorrow.io"
    board_token = "tomorrow"
    careers_url = "https://job-boards.greenhouse.io/tomorrow"
