from jobscraper.platforms.comeet import ComeetSpider


class ArbeRoboticsSpider(ComeetSpider):
    name = "arberobotics"
    company = "Arbe Robotics"
    company_uid = "C6.001"
    hosted_slug = "arbe"
    careers_url = "https://www.comeet.com/jobs/arbe/C6.001"
