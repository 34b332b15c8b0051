from jobscraper.platforms.workday import WorkdaySpider


class PaypalSpider(WorkdaySpider):
    name = "paypal"
    company = "PayPal"
    tenant = "paypal"
    wd_instance = "wd1"
    site = "jobs"
    careers_url = "https://paypal.wd1.myworkdayjobs.com/jobs"
