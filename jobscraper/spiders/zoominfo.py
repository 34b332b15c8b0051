from jobscraper.platforms.greenhouse import GreenhouseSpider


class ZoomInfoSpider(GreenhouseSpider):
    name = "zoominfo"
    company = "ZoomInfo"
    board_token = "zoominfo"
    careers_url = "https://www.zoominfo.com/careers"
