from jobscraper.platforms.talentbrew import TalentBrewSpider


class IntuitSpider(TalentBrewSpider):
    name = "intuit"
    company = "Intuit"
    site_url = "https://jobs.intuit.com"
    careers_url = "https://jobs.intuit.com/search-jobs"
