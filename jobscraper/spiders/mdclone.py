from jobscraper.platforms.comeet import ComeetSpider


class MDCloneSpider(ComeetSpider):
    name = "mdclone"
    company = "MDClone"
    company_uid = "66.004"
    hosted_slug = "mdclone"
    careers_url = "https://www.comeet.com/jobs/mdclone/66.004"
