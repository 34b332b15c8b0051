from jobscraper.platforms.teamtailor import TeamtailorSpider


class VicariusSpider(TeamtailorSpider):
    name = "vicarius"
    company = "Vicarius"
    company_slug = "vicarius"
    careers_url = "https://vicarius.teamtailor.com/jobs"
