from jobscraper.platforms.workday import WorkdaySpider


class JohnsonJohnsonSpider(WorkdaySpider):
    name = "jnj"
    company = "Johnson & Johnson"
    tenant = "jj"
    wd_instance = "wd5"
    site = "JJ"
    careers_url = "https://jj.wd5.myworkdayjobs.com/JJ"
