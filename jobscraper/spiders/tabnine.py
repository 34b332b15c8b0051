from jobscraper.platforms.comeet import ComeetSpider


class TabnineSpider(ComeetSpider):
    name = "tabnine"
    company = "Tabnine"
    company_uid = "39.006"
    hosted_slug = "tabnine"
    careers_url = "https://www.comeet.com/jobs/tabnine/39.006"
