"""open reports index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OPEN_REPORTS = "status IN ('received', 'acceptance_review') OR status IN ('accepted', 'investigating')"


def upgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_open_id', ['id'], unique=False,
                              postgresql_include=['region_id', 'status', 'acceptance_due', 'investigation_due'],
                              postgresql_where=sa.text(OPEN_REPORTS), sqlite_where=sa.text(OPEN_REPORTS))


def downgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_open_id')
