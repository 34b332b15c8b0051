"""narrow_posting_rows: a posting's long texts live in its TOAST table, not in its row

PostgreSQL keeps a row's long values inline (compressed) while the row fits in about 2 kB, so
each posting row carried its description, its plain text and its search vector: 1.5 kB a row,
156 MB of heap for 100,000 postings. Every search, facet count and diff that reads postings
without their descriptions read those pages anyway. With ``toast_tuple_target = 128`` the long
values of a row go out of line once the row is toasted at all, and the heap holds what the
searches read (28 MB for the same 100,000 postings; a broad text search counts its facets
in 200 ms instead of 370 ms, cold).

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE job_positions SET (toast_tuple_target = 128)")
    # A value read back unchanged stays as it is stored; a new one (|| '') is toasted afresh,
    # and with it every long value of the row. search_vector depends on description_text, not
    # on description_html, so it is not computed again.
    op.execute("UPDATE job_positions SET description_html = description_html || '' "
               "WHERE description_html IS NOT NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE job_positions RESET (toast_tuple_target)")
