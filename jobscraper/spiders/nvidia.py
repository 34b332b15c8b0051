from jobscraper.platforms.eightfold import EightfoldSpider


class NvidiaSpider(EightfoldSpider):
    name = "nvidia"
    company = "NVIDIA"
    host = "nvidia.eightfold.ai"
    domain = "nvidia.com"
    careers_url = "https://nvidia.eightfold.ai/careers"
