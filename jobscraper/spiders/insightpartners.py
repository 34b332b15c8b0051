from jobscraper.platforms.getro import GetroSpider


class InsightPartnersSpider(GetroSpider):
    name = "insightpartners"
    company = "Insight Partners"
    collection_id = "246"
    board_url = "https://jobs.insightpartners.com"
    careers_url = "https://jobs.insightpartners.com/jobs"
    searchable_locations = ("Israel",)
