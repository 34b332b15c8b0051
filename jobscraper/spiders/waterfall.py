from jobscraper.platforms.comeet import ComeetSpider


class WaterfallSecuritySolutionsSpider(ComeetSpider):
    name = "waterfall"
    company = "Waterfall Security Solutions"
    company_uid = "C7.009"
    hosted_slug = "waterfall-security"
    careers_url = "https://www.comeet.com/jobs/waterfall-security/C7.009"
