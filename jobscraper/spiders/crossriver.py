from jobscraper.platforms.comeet import ComeetSpider


class CrossRiverSpider(ComeetSpider):
    name = "crossriver"
    company = "Cross River"
    company_uid = "C7.00F"
    token = "7CF2EDA1F3C270B1F3CF9E4647270B4647270B"
    careers_url = "https://www.comeet.com/jobs/crossriver/C7.00F"
