from jobscraper.platforms.comeetjson import ComeetJsonSpider


class LumenSpider(ComeetJsonSpider):
    name = "lumen"
    company = "Lumen"
    positions_url = "https://www.lumen.me/careers.json"
    careers_url = "https://www.lumen.me/careers"
