from jobscraper.platforms.ashby import AshbySpider


class MendIoSpider(AshbySpider):
    name = "mend"
    company = "Mend.io"
    job_board_name = "mend-io"
    careers_url = "https://jobs.ashbyhq.com/mend-io"
