from jobscraper.platforms.getro import GetroSpider


class NfxVcSpider(GetroSpider):
    name = "nfxvc"
    company = "NFX"
    collection_id = "307"
    board_url = "https://jobs.nfx.com"
    careers_url = "https://jobs.nfx.com/jobs"
    searchable_locations = ("Israel",)
