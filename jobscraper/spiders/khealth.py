from jobscraper.platforms.greenhouse import GreenhouseSpider


class KHealthSpider(GreenhouseSpider):
    name = "khealth"
    company = "K Health"
    board_token = "khealthcareers"
    careers_url = "https://khealth.com/careers"
