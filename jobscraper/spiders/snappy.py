from jobscraper.platforms.ashby import AshbySpider


class SnappySpider(AshbySpider):
    name = "snappy"
    company = "Snappy"
    job_board_name = "snappy"
    careers_url = "https://jobs.ashbyhq.com/snappy"
