from jobscraper.platforms.comeet import ComeetSpider


class QuantumMachinesSpider(ComeetSpider):
    name = "quantummachines"
    company = "Quantum Machines"
    company_uid = "D6.000"
    hosted_slug = "quantummachines"
    careers_url = "https://www.comeet.com/jobs/quantummachines/D6.000"
