from jobscraper.platforms.ashby import AshbySpider


class FinoutSpider(AshbySpider):
    name = "finout"
    company = "Finout"
    job_board_name = "finout"
    careers_url = "https://jobs.ashbyhq.com/finout"
