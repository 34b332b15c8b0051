from jobscraper.platforms.recruitee import RecruiteeSpider


class IbexSpider(RecruiteeSpider):
    name = "ibex"
    company = "Ibex Medical Analytics"
    company_slug = "ib1"
    careers_url = "https://ib1.recruitee.com/"
