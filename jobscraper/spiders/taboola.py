from jobscraper.platforms.greenhouse import GreenhouseSpider


class TaboolaSpider(GreenhouseSpider):
    name = "taboola"
    company = "Taboola"
    board_token = "taboola"
    careers_url = "https://www.taboola.com/careers/jobs"
