from jobscraper.platforms.getro import GetroSpider


class SquarePegVcSpider(GetroSpider):
    name = "squarepegvc"
    company = "Square Peg"
    collection_id = "243"
    board_url = "https://squarepeg.getro.com"
    careers_url = "https://squarepeg.getro.com/jobs"
    searchable_locations = ("Israel",)
