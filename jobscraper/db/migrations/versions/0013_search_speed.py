"""search_speed: an index on scraping_sessions.finished_at for the web search's data version

The web app keeps search answers until the data changes (``jobscraper.web.search_cache``); one
part of the version it reads on every search is the newest session end, which this index
answers from its last entry instead of a scan of every crawl ever run.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_scraping_sessions_finished", "scraping_sessions", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_scraping_sessions_finished", "scraping_sessions")
