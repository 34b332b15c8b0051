from jobscraper.platforms.ashby import AshbySpider


class SingularSpider(AshbySpider):
    name = "singular"
    company = "Singular"
    job_board_name = "singular"
    careers_url = "https://jobs.ashbyhq.com/singular"
