from jobscraper.platforms.getro import GetroSpider


class GroveVcSpider(GetroSpider):
    name = "grovevc"
    company = "Grove Ventures"
    collection_id = "16076"
    board_url = "https://grove.getro.com"
    careers_url = "https://grove.getro.com/jobs"
