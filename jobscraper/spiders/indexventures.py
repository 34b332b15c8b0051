from jobscraper.platforms.getro import GetroSpider


class IndexVenturesSpider(GetroSpider):
    name = "indexventures"
    company = "Index Ventures"
    collection_id = "1629"
    board_url = "https://indexventures.getro.com"
    careers_url = "https://indexventures.getro.com/jobs"
    searchable_locations = ("Israel",)
