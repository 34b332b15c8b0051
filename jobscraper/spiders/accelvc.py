from jobscraper.platforms.getro import GetroSpider


class AccelVcSpider(GetroSpider):
    name = "accelvc"
    company = "Accel"
    collection_id = "8672"
    board_url = "https://jobs.accel.com"
    careers_url = "https://jobs.accel.com/jobs"
    searchable_locations = ("Israel",)
