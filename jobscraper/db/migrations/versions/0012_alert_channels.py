"""alert channels: notification URLs per alert, watching changes, and the change ledger

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.add_column("alerts", sa.Column("notify_urls", JSON, nullable=True))
    op.add_column("alerts", sa.Column("watch_changes", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table(
        "alert_change_deliveries",
        sa.Column("id", ID, nullable=False),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("job_event_id", ID, nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"],
                                name="fk_alert_change_deliveries_alert_id_alerts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_event_id"], ["job_events.id"],
                                name="fk_alert_change_deliveries_job_event_id_job_events", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_alert_change_deliveries"),
        sa.UniqueConstraint("alert_id", "job_event_id", "channel", name="uq_alert_change_deliveries_alert_id"),
    )
    op.create_index("ix_alert_change_deliveries_status_alert", "alert_change_deliveries", ["status", "alert_id"])
    op.create_index("ix_alert_change_deliveries_job_event_id", "alert_change_deliveries", ["job_event_id"])


def downgrade() -> None:
    op.drop_index("ix_alert_change_deliveries_job_event_id", table_name="alert_change_deliveries")
    op.drop_index("ix_alert_change_deliveries_status_alert", table_name="alert_change_deliveries")
    op.drop_table("alert_change_deliveries")
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_column("watch_changes")
        batch_op.drop_column("notify_urls")
