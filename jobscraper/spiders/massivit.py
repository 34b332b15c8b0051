from jobscraper.platforms.comeet import ComeetSpider


class MASSIVit3DPrintingTechnologiesSpider(ComeetSpider):
    name = "massivit"
    company = "MASSIVit 3D Printing Technologies"
    company_uid = "39.007"
    hosted_slug = "massivit"
    careers_url = "https://www.comeet.com/jobs/massivit/39.007"
