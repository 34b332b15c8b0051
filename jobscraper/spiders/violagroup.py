from jobscraper.platforms.getro import GetroSpider


class ViolaGroupSpider(GetroSpider):
    name = "violagroup"
    company = "Viola Group"
    collection_id = "6263"
    board_url = "https://careers.viola-group.com"
    careers_url = "https://careers.viola-group.com/jobs"
