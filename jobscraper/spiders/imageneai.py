from jobscraper.platforms.comeet import ComeetSpider


class ImageneAISpider(ComeetSpider):
    name = "imageneai"
    company = "Imagene AI"
    company_uid = "D7.000"
    hosted_slug = "imagene-ai"
    careers_url = "https://www.comeet.com/jobs/imagene-ai/D7.000"
