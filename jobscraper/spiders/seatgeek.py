from jobscraper.platforms.greenhouse import GreenhouseSpider


class SeatGeekSpider(GreenhouseSpider):
    name = "seatgeek"
    company = "SeatGeek"
    board_token = "seatgeek"
    careers_url = "https://seatgeek.com/jobs"
