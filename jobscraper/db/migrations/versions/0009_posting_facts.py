"""posting facts: places, region, salary, lifecycle links, event details

Every place of a posting (``places``), the primary place's region, the published salary, the
version of the rules that derived them, the repost and requisition links, and the old -> new
values of an update.

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("job_positions") as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("places", JSON, nullable=True))
        batch_op.add_column(sa.Column("salary_min", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("salary_max", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("salary_currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("salary_period", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("facts_version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("reposted_from_id", ID, nullable=True))
        batch_op.add_column(sa.Column("requisition_id", ID, nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_job_positions_reposted_from_id_job_positions"), "job_positions",
            ["reposted_from_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(op.f("ix_job_positions_requisition_id"), ["requisition_id"], unique=False)
    with op.batch_alter_table("job_events") as batch_op:
        batch_op.add_column(sa.Column("details", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_events") as batch_op:
        batch_op.drop_column("details")
    with op.batch_alter_table("job_positions") as batch_op:
        batch_op.drop_index(op.f("ix_job_positions_requisition_id"))
        batch_op.drop_constraint(op.f("fk_job_positions_reposted_from_id_job_positions"), type_="foreignkey")
        for column in ("requisition_id", "reposted_from_id", "facts_version", "salary_period",
                       "salary_currency", "salary_max", "salary_min", "places", "region"):
            batch_op.drop_column(column)
