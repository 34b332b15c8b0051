from jobscraper.platforms.comeet import ComeetSpider


class OrpakSystemsSpider(ComeetSpider):
    name = "orpak"
    company = "Orpak Systems"
    company_uid = "65.001"
    hosted_slug = "Orpak"
    careers_url = "https://www.comeet.com/jobs/Orpak/65.001"
