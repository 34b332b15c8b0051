from jobscraper.platforms.greenhouse import GreenhouseSpider


class DatarailsSpider(GreenhouseSpider):
    name = "datarails"
    company = "Datarails"
    board_token = "datarails"
    careers_url = "https://job-boards.greenhouse.io/datarails"
