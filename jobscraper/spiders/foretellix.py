from jobscraper.platforms.comeet import ComeetSpider


class ForetellixSpider(ComeetSpider):
    name = "foretellix"
    company = "Foretellix"
    company_uid = "84.007"
    hosted_slug = "foretellix"
    careers_url = "https://www.comeet.com/jobs/foretellix/84.007"
