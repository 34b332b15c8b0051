"""VC boards: companies discovered through a board, board-owned postings, board listings

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("companies") as batch_op:
        batch_op.add_column(sa.Column("discovered_via_id", ID, nullable=True))
        batch_op.add_column(sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(op.f("fk_companies_discovered_via_id_companies"), "companies",
                                    ["discovered_via_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("job_positions") as batch_op:
        batch_op.add_column(sa.Column("board_id", ID, nullable=True))
        batch_op.create_foreign_key(op.f("fk_job_positions_board_id_companies"), "companies",
                                    ["board_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_job_positions_board_owned", "job_positions", ["company_id"],
                    postgresql_where=sa.text("board_id IS NOT NULL"), sqlite_where=sa.text("board_id IS NOT NULL"))
    op.create_table(
        "board_listings",
        sa.Column("id", ID, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("employer_id", ID, nullable=False),
        sa.Column("job_position_id", ID, nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["board_id"], ["companies.id"],
                                name=op.f("fk_board_listings_board_id_companies"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employer_id"], ["companies.id"],
                                name=op.f("fk_board_listings_employer_id_companies"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_position_id"], ["job_positions.id"],
                                name=op.f("fk_board_listings_job_position_id_job_positions"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_listings")),
        sa.UniqueConstraint("board_id", "external_id", name=op.f("uq_board_listings_board_id")),
    )
    op.create_index("ix_board_listings_job_position_id", "board_listings", ["job_position_id"])


def downgrade() -> None:
    op.drop_index("ix_board_listings_job_position_id", table_name="board_listings")
    op.drop_table("board_listings")
    op.drop_index("ix_job_positions_board_owned", table_name="job_positions")
    with op.batch_alter_table("job_positions") as batch_op:
        batch_op.drop_constraint(op.f("fk_job_positions_board_id_companies"), type_="foreignkey")
        batch_op.drop_column("board_id")
    with op.batch_alter_table("companies") as batch_op:
        batch_op.drop_constraint(op.f("fk_companies_discovered_via_id_companies"), type_="foreignkey")
        batch_op.drop_column("discovered_at")
        batch_op.drop_column("discovered_via_id")
