from jobscraper.platforms.meta import MetaCareersSpider


class MetaSpider(MetaCareersSpider):
    name = "meta"
    company = "Meta"
    offices = ("Tel Aviv, Israel",)
    careers_url = "https://www.metacareers.com/jobs"
