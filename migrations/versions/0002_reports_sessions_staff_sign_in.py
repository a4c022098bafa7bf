"""encrypted reports, key sessions, staff sign-in

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('key_session',
    sa.Column('id_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('kind', sa.Enum('reporter', 'staff', name='session_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('sealed_secret', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('absolute_expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_key_session'))
    )
    with op.batch_alter_table('key_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_session_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_session_subject_id'), ['subject_id'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('locator', sa.String(length=10), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('fictitious_services', 'forged_records', 'false_invoices', 'induced_impersonation', 'lent_insurance_card', 'split_admission', 'phantom_bed', 'induced_false_admission', 'overtreatment', 'duplicate_charging', 'overcharging', 'split_item_charging', 'item_substitution', 'non_covered_settled', 'drug_resale_kickbacks', 'duplicate_benefits', 'bribery', 'embezzlement', 'management', 'other', name='violation', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('channel', sa.Enum('web', 'hotline', 'supervisor', name='report_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('received', 'acceptance_review', 'accepted', 'not_accepted', 'transferred', 'investigating', 'concluded', name='report_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('real_name', sa.Boolean(), nullable=False),
    sa.Column('reward_wanted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('acceptance_due', sa.Date(), nullable=True),
    sa.Column('code_salt', sa.LargeBinary(length=16), nullable=False),
    sa.Column('code_verifier', sa.LargeBinary(length=32), nullable=False),
    sa.Column('failed_code_attempts', sa.Integer(), nullable=False),
    sa.Column('code_locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('code_must_change', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_report_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('locator', name=op.f('uq_report_locator'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_region_id'), ['region_id'], unique=False)
        batch_op.create_index('ix_report_status_created', ['status', 'created_at'], unique=False)

    op.create_table('report_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('received', 'acceptance_review', 'accepted', 'not_accepted', 'transferred', 'investigating', 'concluded', name='report_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_event_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_event'))
    )
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_event_report_id'), ['report_id'], unique=False)

    op.create_table('report_key_wrap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('key_kind', sa.Enum('data', 'identity', name='key_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recipient', sa.Enum('reporter', 'staff', 'recovery', name='key_recipient', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_key_wrap_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_report_key_wrap_staff_user_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_key_wrap')),
    sa.UniqueConstraint('report_id', 'key_kind', 'recipient', 'staff_user_id', name='holder')
    )
    with op.batch_alter_table('report_key_wrap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_key_wrap_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_key_wrap_staff_user_id'), ['staff_user_id'], unique=False)

    op.create_table('report_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.Enum('reporter', 'bureau', name='message_author', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_message_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_message'))
    )
    with op.batch_alter_table('report_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_message_report_id'), ['report_id'], unique=False)

    op.create_table('report_sealed_field',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('key_kind', sa.Enum('data', 'identity', name='key_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_sealed_field_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'name', name=op.f('pk_report_sealed_field'))
    )
    op.create_table('staff_recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_staff_recovery_code_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_recovery_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_staff_recovery_code_code_hash'))
    )
    with op.batch_alter_table('staff_recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_recovery_code_user_id'), ['user_id'], unique=False)

    op.create_table('report_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('sealed_meta', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['report_message.id'], name=op.f('fk_report_attachment_message_id_report_message'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_attachment_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_attachment')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_report_attachment_storage_name'))
    )
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_attachment_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret_sealed', sa.LargeBinary(length=128), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret_sealed')

    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_attachment_report_id'))

    op.drop_table('report_attachment')
    with op.batch_alter_table('staff_recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_recovery_code_user_id'))

    op.drop_table('staff_recovery_code')
    op.drop_table('report_sealed_field')
    with op.batch_alter_table('report_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_message_report_id'))

    op.drop_table('report_message')
    with op.batch_alter_table('report_key_wrap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_key_wrap_staff_user_id'))
        batch_op.drop_index(batch_op.f('ix_report_key_wrap_report_id'))

    op.drop_table('report_key_wrap')
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_event_report_id'))

    op.drop_table('report_event')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_status_created')
        batch_op.drop_index(batch_op.f('ix_report_region_id'))

    op.drop_table('report')
    with op.batch_alter_table('key_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_session_subject_id'))
        batch_op.drop_index(batch_op.f('ix_key_session_expires_at'))

    op.drop_table('key_session')
