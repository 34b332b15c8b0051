from jobscraper.platforms.greenhouse import GreenhouseSpider


class ImubitSpider(GreenhouseSpider):
    name = "imubit"
    company = "Imubit"
    board_token = "imubit"
    careers_url = "https://imubit.com/careers/"
