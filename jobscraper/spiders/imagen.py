from jobscraper.platforms.comeet import ComeetSpider


class ImagenSpider(ComeetSpider):
    name = "imagen"
    company = "Imagen"
    company_uid = "78.00F"
    hosted_slug = "imagen-ai"
    careers_url = "https://www.comeet.com/jobs/imagen-ai/78.00F"
