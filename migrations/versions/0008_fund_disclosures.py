"""fund disclosures

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

from portal.db import Money


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fund_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.Enum('cli', 'upload', name='import_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('rows_in_file', sa.Integer(), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_corrected', sa.Integer(), nullable=False),
    sa.Column('rows_unchanged', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['staff_user.id'], name=op.f('fk_fund_import_imported_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_import'))
    )
    op.create_table('fund_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('fund_type', sa.Enum('employee', 'employee_pooling', 'employee_personal_account', 'resident', 'maternity', 'critical_illness', 'medical_assistance', 'long_term_care', name='fund_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('period_kind', sa.Enum('year', 'quarter', 'month', name='period_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('period_number', sa.SmallInteger(), nullable=False),
    sa.Column('income', Money(), nullable=True),
    sa.Column('expenditure', Money(), nullable=True),
    sa.Column('period_balance', Money(), nullable=True),
    sa.Column('cumulative_balance', Money(), nullable=True),
    sa.Column('returns', Money(), nullable=True),
    sa.Column('insured_persons', sa.BigInteger(), nullable=True),
    sa.Column('source_document', sa.String(length=300), nullable=False),
    sa.Column('data_as_of', sa.Date(), nullable=False),
    sa.Column('sample_data', sa.Boolean(), nullable=False),
    sa.Column('correction_reason', sa.String(length=500), nullable=False),
    sa.Column('note_zh', sa.String(length=500), nullable=False),
    sa.Column('note_bo', sa.String(length=500), nullable=False),
    sa.Column('note_en', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['fund_import.id'], name=op.f('fk_fund_figure_import_id_fund_import')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_fund_figure_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_figure')),
    sa.UniqueConstraint('region_id', 'fund_type', 'period_kind', 'year', 'period_number', 'version', name='uq_fund_figure_version')
    )
    with op.batch_alter_table('fund_figure', schema=None) as batch_op:
        batch_op.create_index('ix_fund_figure_current', ['region_id', 'fund_type', 'period_kind', 'year', 'period_number'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_fund_figure_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_fund_figure_period', ['fund_type', 'period_kind', 'year', 'period_number'], unique=False, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('fund_import_row',
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('fund_type', sa.Enum('employee', 'employee_pooling', 'employee_personal_account', 'resident', 'maternity', 'critical_illness', 'medical_assistance', 'long_term_care', name='fund_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('period_kind', sa.Enum('year', 'quarter', 'month', name='period_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('period_number', sa.SmallInteger(), nullable=False),
    sa.Column('income', Money(), nullable=True),
    sa.Column('expenditure', Money(), nullable=True),
    sa.Column('period_balance', Money(), nullable=True),
    sa.Column('cumulative_balance', Money(), nullable=True),
    sa.Column('returns', Money(), nullable=True),
    sa.Column('insured_persons', sa.BigInteger(), nullable=True),
    sa.Column('source_document', sa.String(length=300), nullable=False),
    sa.Column('data_as_of', sa.Date(), nullable=False),
    sa.Column('sample_data', sa.Boolean(), nullable=False),
    sa.Column('correction_reason', sa.String(length=500), nullable=False),
    sa.Column('note_zh', sa.String(length=500), nullable=False),
    sa.Column('note_bo', sa.String(length=500), nullable=False),
    sa.Column('note_en', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['fund_import.id'], name=op.f('fk_fund_import_row_import_id_fund_import'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_fund_import_row_region_id_region')),
    sa.PrimaryKeyConstraint('import_id', 'row_number', name=op.f('pk_fund_import_row'))
    )
    with op.batch_alter_table('fund_import_row', schema=None) as batch_op:
        batch_op.create_index('ix_fund_import_row_key', ['import_id', 'region_id', 'fund_type', 'period_kind', 'year', 'period_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fund_import_row', schema=None) as batch_op:
        batch_op.drop_index('ix_fund_import_row_key')

    op.drop_table('fund_import_row')
    with op.batch_alter_table('fund_figure', schema=None) as batch_op:
        batch_op.drop_index('ix_fund_figure_period', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_fund_figure_import_id'))
        batch_op.drop_index('ix_fund_figure_current', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.drop_table('fund_figure')
    op.drop_table('fund_import')
