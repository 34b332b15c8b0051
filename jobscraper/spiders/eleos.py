from jobscraper.platforms.greenhouse import GreenhouseSpider


class EleosHealthSpider(GreenhouseSpider):
    name = "eleos"
    company = "Eleos Health"
    board_token = "eleoshealth"
    careers_url = "https://job-boards.greenhouse.io/eleoshealth"
