from jobscraper.platforms.comeet import ComeetSpider


class DreamSpider(ComeetSpider):
    name = "dream"
    company = "Dream"
    company_uid = "99.002"
    hosted_slug = "dreamgroup"
    careers_url = "https://www.comeet.com/jobs/dreamgroup/99.002"
