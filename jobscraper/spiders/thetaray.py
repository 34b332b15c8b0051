from jobscraper.platforms.comeet import ComeetSpider


class ThetaRaySpider(ComeetSpider):
    name = "thetaray"
    company = "ThetaRay"
    company_uid = "72.00F"
    token = "27F9FC16779FC13F8EFA13F84FE27F77D"
    careers_url = "https://www.comeet.com/jobs/thetaray/72.00F"
