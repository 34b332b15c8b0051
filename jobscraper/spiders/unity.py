from jobscraper.platforms.greenhouse import GreenhouseSpider


class UnitySpider(GreenhouseSpider):
    name = "unity"
    company = "Unity"
    board_token = "unity3d"
    careers_url = "https://careers.unity.com/"
