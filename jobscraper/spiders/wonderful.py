from jobscraper.platforms.ashby import AshbySpider


class WonderfulSpider(AshbySpider):
    name = "wonderful"
    company = "Wonderful"
    job_board_name = "wonderful"
    careers_url = "https://jobs.ashbyhq.com/wonderful"
