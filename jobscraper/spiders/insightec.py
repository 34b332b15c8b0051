from jobscraper.platforms.greenhouse import GreenhouseSpider


class InsightecSpider(GreenhouseSpider):
    name = "insightec"
    company = "Insightec"
    board_token = "insightec"
    careers_url = "https://insightec.com/careers/"
