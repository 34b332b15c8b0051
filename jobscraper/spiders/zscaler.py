from jobscraper.platforms.greenhouse import GreenhouseSpider


class ZscalerSpider(GreenhouseSpider):
    name = "zscaler"
    company = "Zscaler"
    board_token = "zscaler"
    careers_url = "https://job-boards.greenhouse.io/zscaler"
