from jobscraper.platforms.comeet import ComeetSpider


class BlinkOpsSpider(ComeetSpider):
    name = "blinkops"
    company = "BlinkOps"
    company_uid = "C7.004"
    token = "7C42E981F101F10365C174C2E98F88F880"
    careers_url = "https://www.blinkops.com/careers"
