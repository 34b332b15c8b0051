from jobscraper.platforms.breezy import BreezySpider


class SkyPathSpider(BreezySpider):
    name = "skypath"
    company = "SkyPath"
    portal = "skypath"
    careers_url = "https://skypath.breezy.hr/"
