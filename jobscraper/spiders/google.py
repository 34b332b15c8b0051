from jobscraper.platforms.google import GoogleCareersSpider


class GoogleSpider(GoogleCareersSpider):
    name = "google"
    company = "Google"
    careers_url = "https://www.google.com/about/careers/applications/jobs/results/?location=Israel"
