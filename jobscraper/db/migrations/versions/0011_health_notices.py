"""health_notices: the findings the operator channels were told about

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "health_notices",
        sa.Column("id", ID, nullable=False),
        sa.Column("company", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_severity", sa.String(20)),
        sa.Column("notified_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_health_notices"),
        sa.UniqueConstraint("company", "kind", name="uq_health_notices_company_kind"),
    )


def downgrade() -> None:
    op.drop_table("health_notices")
