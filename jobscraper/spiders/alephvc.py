from jobscraper.platforms.getro import GetroSpider


class AlephVcSpider(GetroSpider):
    name = "alephvc"
    company = "Aleph"
    collection_id = "21393"
    board_url = "https://aleph.getro.com"
    careers_url = "https://aleph.getro.com/jobs"
