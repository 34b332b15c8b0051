from jobscraper.platforms.getro import GetroSpider


class IsraelVcForumSpider(GetroSpider):
    name = "israelvcforum"
    company = "Israeli VC Forum"
    collection_id = "10949"
    board_url = "https://israelvcforum.getro.com"
    careers_url = "https://israelvcforum.getro.com/jobs"
