from jobscraper.platforms.comeet import ComeetSpider


class GlobalESpider(ComeetSpider):
    name = "globale"
    company = "Global-e"
    company_uid = "62.002"
    hosted_slug = "global-e"
    careers_url = "https://www.comeet.com/jobs/global-e/62.002"
