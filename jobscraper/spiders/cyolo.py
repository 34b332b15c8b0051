from jobscraper.platforms.comeetjson import ComeetJsonSpider


class CyoloSpider(ComeetJsonSpider):
    name = "cyolo"
    company = "Cyolo"
    positions_url = "https://cyolo.io/api/v1/comeet/positions"
    job_url_template = "https://cyolo.io/open-positions/{uid}"
    careers_url = "https://cyolo.io/careers"
