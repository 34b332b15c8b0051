"""robots.txt, obeyed per platform, with failures read as RFC 9309 says.

A spider whose platform sets ``robots_txt = "obey"`` (careers HTML pages and feeds) gets no
request its host's robots.txt disallows for our user agent; documented JSON APIs meant for job
boards set ``robots_txt = "ignore"``. The robots.txt answer is read as: 2xx, its rules; 4xx, no
rules; 5xx or no answer, everything disallowed. A forbidden listing request reaches the spider's
errback, so the crawl is incomplete and removes nothing. Scrapy's own RobotsTxtMiddleware stays
off (``ROBOTSTXT_OBEY = False``): it reads a 5xx answer's body as rules.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

logger = logging.getLogger(__name__)

DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /\n")
ALLOW_ALL = Protego.parse("")


class RobotsPolicyMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("JOBSCRAPER_ROBOTSTXT")
        self.user_agent = crawler.settings.get("JOBSCRAPER_ROBOTSTXT_USER_AGENT") or "jobscraper"
        self._rules: dict[str, asyncio.Future[Protego]] = {}
        # Hosts whose robots.txt could not be read (5xx, no answer): why, for the refusal's text.
        self._unreachable: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsPolicyMiddleware:
        return cls(crawler)

    def _applies(self, request: Request) -> bool:
        spider = self.crawler.spider
        return (self.enabled and getattr(spider, "robots_txt", "obey") == "obey"
                and not request.meta.get("dont_obey_robotstxt"))

    async def process_request(self, request: Request) -> None:
        if not self._applies(request):
            return None
        rules = await self._rules_for(request)
        if rules.can_fetch(request.url, self.user_agent):
            return None
        unreachable = self._unreachable.get(urlsplit(request.url).netloc)
        if unreachable:
            self.crawler.stats.inc_value("jobscraper/robots/unreachable")
            raise IgnoreRequest(f"robots.txt unreachable ({unreachable}), host not crawled: {request.url}")
        self.crawler.stats.inc_value("jobscraper/robots/forbidden")
        raise IgnoreRequest(f"forbidden by robots.txt: {request.url}")

    async def _rules_for(self, request: Request) -> Protego:
        parts = urlsplit(request.url)
        host = parts.netloc
        if host not in self._rules:
            self._rules[host] = asyncio.get_running_loop().create_future()
            self._rules[host].set_result(await self._fetch(f"{parts.scheme}://{host}/robots.txt"))
        return await asyncio.shield(self._rules[host])

    async def _fetch(self, url: str) -> Protego:
        request = Request(url, meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK, priority=1000)
        try:
            response: Response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - unreachable: RFC 9309 says assume disallow
            logger.warning("robots.txt at %s cannot be fetched (%s): not crawling that host", url,
                           type(exc).__name__)
            self._unreachable[urlsplit(url).netloc] = type(exc).__name__
            return DISALLOW_ALL
        self.crawler.stats.inc_value(f"jobscraper/robots/status/{response.status}")
        if response.status >= 500:
            logger.warning("robots.txt at %s answered %s: not crawling that host", url, response.status)
            self._unreachable[urlsplit(url).netloc] = f"HTTP {response.status}"
            return DISALLOW_ALL
        if response.status >= 400:
            return ALLOW_ALL
        if response.status >= 300:  # a redirect that was not followed: no readable rules
            return ALLOW_ALL
        return Protego.parse(response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace"))
