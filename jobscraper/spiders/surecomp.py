from jobscraper.platforms.comeet import ComeetSpider


class SurecompSpider(ComeetSpider):
    name = "surecomp"
    company = "Surecomp"
    company_uid = "24.00E"
    hosted_slug = "Surecomp"
    careers_url = "https://www.comeet.com/jobs/Surecomp/24.00E"
