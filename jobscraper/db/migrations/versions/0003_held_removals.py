"""companies.consecutive_empty_crawls becomes consecutive_held_removals

The removal guard now holds back any suspiciously large removal (an empty board, too little of
the board seen, too much of it gone) until consecutive healthy crawls confirm it; the counter
counts those crawls.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("companies") as batch_op:
        batch_op.alter_column("consecutive_empty_crawls", new_column_name="consecutive_held_removals")


def downgrade() -> None:
    with op.batch_alter_table("companies") as batch_op:
        batch_op.alter_column("consecutive_held_removals", new_column_name="consecutive_empty_crawls")
