from jobscraper.platforms.comeet import ComeetSpider


class NovaSpider(ComeetSpider):
    name = "nova"
    company = "Nova"
    company_uid = "A5.007"
    hosted_slug = "nova"
    careers_url = "https://www.comeet.com/jobs/nova/A5.007"
