from jobscraper.platforms.comeet import ComeetSpider


class FabricSpider(ComeetSpider):
    name = "fabric"
    company = "Fabric"
    company_uid = "52.009"
    hosted_slug = "fabric"
    careers_url = "https://www.comeet.com/jobs/fabric/52.009"
