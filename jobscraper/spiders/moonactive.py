from jobscraper.platforms.ashby import AshbySpider


class MoonActiveSpider(AshbySpider):
    name = "moonactive"
    company = "Moon Active"
    job_board_name = "moonactive"
    careers_url = "https://jobs.ashbyhq.com/moonactive"
