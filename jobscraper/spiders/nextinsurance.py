from jobscraper.platforms.greenhouse import GreenhouseSpider


class NextInsuranceSpider(GreenhouseSpider):
    name = "nextinsurance"
    company = "Next Insurance"
    board_token = "nextinsurance66"
    careers_url = "https://job-boards.greenhouse.io/nextinsurance66"
