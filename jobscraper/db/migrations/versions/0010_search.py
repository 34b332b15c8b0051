"""Full-text search over title and description, and a seniority column for the web facets

PostgreSQL: a stored generated ``search_vector`` (English stems and exact words, so Hebrew, which
has no PostgreSQL dictionary, matches word for word; the title weighs more than the description,
which is cut at 100,000 characters to stay under the 1 MB tsvector limit) with a GIN index, and a
stored generated ``seniority`` computed by ``jobscraper_seniority(title)``.
SQLite: an FTS5 index over ``job_positions`` (external content, kept current by triggers).
Neither column is in the models: only the web queries read them. Two indexes serve a company's
page: its open postings, its events by date.

Revision ID: 0010
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op

from jobscraper.web.seniority_sql import FUNCTION_NAME, postgresql_function

revision = "0010"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(coalesce(description_text, ''), 100000)), 'B') || "
    "setweight(to_tsvector('simple', left(coalesce(description_text, ''), 100000)), 'B')"
)

SQLITE_UP = [
    "CREATE VIRTUAL TABLE job_positions_fts USING fts5(title, description_text, "
    "content='job_positions', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER job_positions_fts_insert AFTER INSERT ON job_positions BEGIN "
    "INSERT INTO job_positions_fts(rowid, title, description_text) "
    "VALUES (new.id, new.title, new.description_text); END",
    "CREATE TRIGGER job_positions_fts_delete AFTER DELETE ON job_positions BEGIN "
    "INSERT INTO job_positions_fts(job_positions_fts, rowid, title, description_text) "
    "VALUES ('delete', old.id, old.title, old.description_text); END",
    "CREATE TRIGGER job_positions_fts_update AFTER UPDATE OF title, description_text ON job_positions "
    "BEGIN INSERT INTO job_positions_fts(job_positions_fts, rowid, title, description_text) "
    "VALUES ('delete', old.id, old.title, old.description_text); "
    "INSERT INTO job_positions_fts(rowid, title, description_text) "
    "VALUES (new.id, new.title, new.description_text); END",
    "INSERT INTO job_positions_fts(job_positions_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(postgresql_function())  # its regexes hold ":"
        op.execute(f"ALTER TABLE job_positions ADD COLUMN search_vector tsvector "
                   f"GENERATED ALWAYS AS ({SEARCH_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_job_positions_search_vector ON job_positions USING gin (search_vector)")
        op.execute(f"ALTER TABLE job_positions ADD COLUMN seniority varchar(10) "
                   f"GENERATED ALWAYS AS ({FUNCTION_NAME}(title)) STORED")
    else:
        for statement in SQLITE_UP:
            op.execute(statement)
    # A company's page reads its open postings and its events of the last 90 days.
    op.create_index("ix_job_positions_company_active", "job_positions", ["company_id", "is_active"])
    op.create_index("ix_job_events_company_created", "job_events", ["company_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_job_events_company_created", "job_events")
    op.drop_index("ix_job_positions_company_active", "job_positions")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE job_positions DROP COLUMN seniority")
        op.execute(f"DROP FUNCTION {FUNCTION_NAME}(text)")
        op.execute("ALTER TABLE job_positions DROP COLUMN search_vector")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER job_positions_fts_{trigger}")
        op.execute("DROP TABLE job_positions_fts")
