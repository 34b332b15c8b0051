from jobscraper.platforms.greenhouse import GreenhouseSpider


class VizAiSpider(GreenhouseSpider):
    name = "vizai"
    company = "Viz.ai"
    board_token = "vizai"
    careers_url = "https://www.viz.ai/careers"
