"""narrow_posting_rows: a posting's long texts live in its TOAST table, not in its row

PostgreSQL keeps a row's long values inline (compressed) while the row fits in about 2 kB, so
each posting row carried its description, its plain text and its search vector: 1.5 kB a row,
156 MB of heap for 100,000 postings. Every search, facet count and diff that reads postings
without their descriptions read those pages anyway. With ``toast_tuple_target = 128`` the long
values of a row go out of line once the row is toasted at all, and the heap holds what the
searches read (42 MB for the same 100,000 postings; a broad text search, cold, takes 165 ms
instead of 367 ms). The short columns every read uses (title, url, hashes,
places, the title vector relevance ranks on ...) are kept in the row (``STORAGE MAIN``): with a
128-byte target PostgreSQL would otherwise move them out too, one TOAST lookup each.
tests/test_narrow_rows.py holds the TOAST to the long texts, so a new column that should stay in
the row is noticed.

The stored rows are rewritten once so the setting reaches them; their values are unchanged (no
event is written). ``VACUUM FULL job_positions`` afterwards returns the old rows' space to the
operating system. SQLite has no TOAST; nothing changes there.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


# Every variable-length column but the long texts (description_html, description_text,
# search_vector) and the free-form extra_metadata.
IN_ROW = ("external_id", "title", "url", "apply_url", "location", "city", "country", "region", "department",
          "employment_type", "workplace_type", "content_hash", "listing_fingerprint", "places",
          "salary_currency", "salary_period", "title_vector", "seniority")


def _storage(kind: str) -> str:
    return ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in IN_ROW)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE job_positions {_storage('MAIN')}")
    op.execute("ALTER TABLE job_positions SET (toast_tuple_target = 128)")
    # A value read back unchanged stays as it is stored; a new one (|| '') is toasted afresh,
    # and with it every long value of the row. search_vector depends on description_text, not
    # on description_html, so it is not computed again.
    op.execute("UPDATE job_positions SET description_html = description_html || '' "
               "WHERE description_html IS NOT NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE job_positions RESET (toast_tuple_target)")
        op.execute(f"ALTER TABLE job_positions {_storage('EXTENDED')}")
