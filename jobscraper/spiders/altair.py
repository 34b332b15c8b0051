from jobscraper.platforms.comeet import ComeetSpider


class AltairSemiconductorSpider(ComeetSpider):
    name = "altair"
    company = "Altair Semiconductor"
    company_uid = "88.003"
    hosted_slug = "altair-semi"
    careers_url = "https://www.comeet.com/jobs/altair-semi/88.003"
