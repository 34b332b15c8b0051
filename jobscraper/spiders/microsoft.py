from jobscraper.platforms.eightfold import EightfoldSpider


class MicrosoftSpider(EightfoldSpider):
    name = "microsoft"
    company = "Microsoft"
    host = "apply.careers.microsoft.com"
    domain = "microsoft.com"
    careers_url = "https://apply.careers.microsoft.com/careers"
