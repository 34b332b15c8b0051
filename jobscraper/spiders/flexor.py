from jobscraper.platforms.comeet import ComeetSpider


class FlexorSpider(ComeetSpider):
    name = "flexor"
    company = "Flexor"
    company_uid = "F9.006"
    hosted_slug = "flexor"
    careers_url = "https://www.comeet.com/jobs/flexor/F9.006"
