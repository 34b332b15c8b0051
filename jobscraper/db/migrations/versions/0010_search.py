"""Full-text search over title and description, and a seniority column for the web facets

PostgreSQL: a stored generated ``search_vector`` over title and description with a GIN index (the
English configuration: English words stemmed, Hebrew words, which it leaves alone, matched as
written; the description cut at 100,000 characters to stay under the 1 MB tsvector limit), a
small ``title_vector`` that relevance ranks on (ranking on the whole document would read every
match's description), and a stored generated ``seniority`` computed by
``jobscraper_seniority(title)``.
SQLite: an FTS5 index over ``job_positions`` (external content, kept current by triggers).
None of these columns is in the models: only the web queries read them. Two indexes serve the
facet counts and a company's page.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from alembic import op

from jobscraper.db.seniority_sql import FUNCTION_NAME, postgresql_function

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(coalesce(description_text, ''), 100000)), 'B')"
)

FACET_COLUMNS = ["city", "country", "workplace_type", "department", "seniority", "employment_type",
                 "first_seen_at", "posted_at"]
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
        op.execute("ALTER TABLE job_positions ADD COLUMN title_vector tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED")
        op.execute(f"ALTER TABLE job_positions ADD COLUMN seniority varchar(10) "
                   f"GENERATED ALWAYS AS ({FUNCTION_NAME}(title)) STORED")
    else:
        for statement in SQLITE_UP:
            op.execute(statement)
    # The facet counts read only this index (an index-only scan, not the wide rows); it also
    # finds a company's open postings. A company's page reads its events of the last 90 days.
    op.create_index("ix_job_positions_facets", "job_positions", ["is_active", "company_id"],
                    postgresql_include=FACET_COLUMNS)
    op.create_index("ix_job_events_company_created", "job_events", ["company_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_job_events_company_created", "job_events")
    op.drop_index("ix_job_positions_facets", "job_positions")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE job_positions DROP COLUMN seniority")
        op.execute(f"DROP FUNCTION {FUNCTION_NAME}(text)")
        op.execute("ALTER TABLE job_positions DROP COLUMN title_vector")
        op.execute("ALTER TABLE job_positions DROP COLUMN search_vector")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER job_positions_fts_{trigger}")
        op.execute("DROP TABLE job_positions_fts")
