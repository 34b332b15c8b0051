from jobscraper.platforms.ashby import AshbySpider


class RedisSpider(AshbySpider):
    name = "redis"
    company = "Redis"
    job_board_name = "redis"
    careers_url = "https://jobs.ashbyhq.com/redis"
