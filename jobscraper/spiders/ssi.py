from jobscraper.platforms.ashby import AshbySpider


class SafeSuperintelligenceSpider(AshbySpider):
    name = "ssi"
    company = "Safe Superintelligence"
    job_board_name = "ssi"
    careers_url = "https://jobs.ashbyhq.com/ssi"
