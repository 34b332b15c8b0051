from jobscraper.platforms.comeet import ComeetSpider


class AidocSpider(ComeetSpider):
    name = "aidoc"
    company = "Aidoc"
    company_uid = "B4.007"
    hosted_slug = "Aidoc"
    careers_url = "https://www.comeet.com/jobs/Aidoc/B4.007"
