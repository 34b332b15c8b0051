from jobscraper.platforms.greenhouse import GreenhouseSpider


class AppsFlyerSpider(GreenhouseSpider):
    name = "appsflyer"
    company = "AppsFlyer"
    board_token = "appsflyer"
    careers_url = "https://careers.appsflyer.com/"
