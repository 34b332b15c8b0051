from jobscraper.platforms.comeet import ComeetSpider


class AskAISpider(ComeetSpider):
    name = "askai"
    company = "Ask-AI"
    company_uid = "1A.00C"
    hosted_slug = "askai"
    careers_url = "https://www.comeet.com/jobs/askai/1A.00C"
