from jobscraper.platforms.comeet import ComeetSpider


class ZenitySpider(ComeetSpider):
    name = "zenity"
    company = "Zenity"
    company_uid = "19.000"
    hosted_slug = "zenity"
    careers_url = "https://www.comeet.com/jobs/zenity/19.000"
