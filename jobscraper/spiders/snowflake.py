from jobscraper.platforms.ashby import AshbySpider


class SnowflakeSpider(AshbySpider):
    name = "snowflake"
    company = "Snowflake"
    job_board_name = "snowflake"
    careers_url = "https://careers.snowflake.com/us/en/search-results"
