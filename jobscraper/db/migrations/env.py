"""Alembic environment: run on the connection ``jobscraper.db.migrate`` hands over."""

from alembic import context

from jobscraper.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `scrapy migrate` (jobscraper.db.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
