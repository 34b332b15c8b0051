from jobscraper.platforms.greenhouse import GreenhouseSpider


class PlacerAiSpider(GreenhouseSpider):
    name = "placerai"
    company = "Placer.ai"
    board_token = "placerlabs"
    careers_url = "https://job-boards.greenhouse.io/placerlabs"
