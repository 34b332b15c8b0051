from jobscraper.platforms.workable import WorkableSpider


class VayyarSpider(WorkableSpider):
    name = "vayyar"
    company = "Vayyar"
    account = "vayyar"
    careers_url = "https://apply.workable.com/vayyar/"
