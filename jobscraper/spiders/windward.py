from jobscraper.platforms.comeet import ComeetSpider


class WindwardSpider(ComeetSpider):
    name = "windward"
    company = "Windward"
    company_uid = "31.002"
    hosted_slug = "windward"
    careers_url = "https://www.comeet.com/jobs/windward/31.002"
