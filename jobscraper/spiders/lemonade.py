from jobscraper.platforms.ashby import AshbySpider


class LemonadeSpider(AshbySpider):
    name = "lemonade"
    company = "Lemonade"
    job_board_name = "lemonade"
    careers_url = "https://www.lemonade.com/careers"
