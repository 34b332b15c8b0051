from jobscraper.platforms.lever import LeverSpider


class CloudinarySpider(LeverSpider):
    name = "cloudinary"
    company = "Cloudinary"
    site = "cloudinary"
    careers_url = "https://jobs.lever.co/cloudinary"
