from jobscraper.platforms.greenhouse import GreenhouseSpider


class DatadogSpider(GreenhouseSpider):
    name = "datadog"
    company = "Datadog"
    board_token = "datadog"
    careers_url = "https://careers.datadoghq.com/"
