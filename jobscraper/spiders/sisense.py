from jobscraper.platforms.ashby import AshbySpider


class SisenseSpider(AshbySpider):
    name = "sisense"
    company = "Sisense"
    job_board_name = "sisense"
    careers_url = "https://jobs.ashbyhq.com/sisense"
