from jobscraper.platforms.comeet import ComeetSpider


class FullPathSpider(ComeetSpider):
    name = "fullpath"
    company = "FullPath"
    company_uid = "54.002"
    hosted_slug = "fullpath"
    careers_url = "https://www.comeet.com/jobs/fullpath/54.002"
