from jobscraper.platforms.breezy import BreezySpider


class LynxMdSpider(BreezySpider):
    name = "lynxmd"
    company = "Lynx.MD"
    portal = "lynx-md"
    careers_url = "http://careers.lynx.md/"
