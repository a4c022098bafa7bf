"""case workflow

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


STATUSES = ['received', 'acceptance_review', 'accepted', 'not_accepted', 'transferred', 'investigating',
            'concluded']


def _status_check(batch_op, statuses) -> None:
    # Alembic does not compare CHECK constraints: the enum's new value is added by hand.
    batch_op.drop_constraint(op.f('ck_' + batch_op.impl.table_name + '_report_status'), type_='check')
    batch_op.create_check_constraint('report_status', sa.column('status').in_(statuses))


def upgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notify_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('investigation_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('extension_days', sa.SmallInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('outcome', sa.Enum('substantiated', 'partly_substantiated', 'not_substantiated', name='case_outcome', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('transfer_kind', sa.Enum('other_region', 'other_department', name='transfer_kind', native_enum=False, create_constraint=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_report_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index('ix_report_status_acceptance_due', ['status', 'acceptance_due'], unique=False)
        batch_op.create_index('ix_report_status_investigation_due', ['status', 'investigation_due'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_report_merged_into_id_report'), 'report', ['merged_into_id'], ['id'])
        _status_check(batch_op, STATUSES + ['merged'])

    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sealed_note', sa.LargeBinary(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_report_event_actor_id_staff_user'), 'staff_user', ['actor_id'], ['id'])
        _status_check(batch_op, STATUSES + ['merged'])



def downgrade() -> None:
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        _status_check(batch_op, STATUSES)
        batch_op.drop_constraint(batch_op.f('fk_report_event_actor_id_staff_user'), type_='foreignkey')
        batch_op.drop_column('sealed_note')
        batch_op.drop_column('actor_id')
        batch_op.drop_column('action')

    with op.batch_alter_table('report', schema=None) as batch_op:
        _status_check(batch_op, STATUSES)
        batch_op.drop_constraint(batch_op.f('fk_report_merged_into_id_report'), type_='foreignkey')
        batch_op.drop_index('ix_report_status_investigation_due')
        batch_op.drop_index('ix_report_status_acceptance_due')
        batch_op.drop_index(batch_op.f('ix_report_merged_into_id'))
        batch_op.drop_constraint(op.f('ck_report_transfer_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_report_case_outcome'), type_='check')
        batch_op.drop_column('transfer_kind')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('outcome')
        batch_op.drop_column('extension_days')
        batch_op.drop_column('investigation_due')
        batch_op.drop_column('notify_due')
        batch_op.drop_column('decided_on')

