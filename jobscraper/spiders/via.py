from jobscraper.platforms.greenhouse import GreenhouseSpider


class ViaSpider(GreenhouseSpider):
    name = "via"
    company = "Via"
    board_token = "via"
    careers_url = "https://ridewithvia.com/careers/jobs"
