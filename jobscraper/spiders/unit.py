from jobscraper.platforms.ashby import AshbySpider


class UnitSpider(AshbySpider):
    name = "unit"
    company = "Unit"
    job_board_name = "unit"
    careers_url = "https://jobs.ashbyhq.com/unit"
