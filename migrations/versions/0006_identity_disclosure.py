"""identity disclosure

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('identity_disclosure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sealed_reason', sa.LargeBinary(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'refused', name='disclosure_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['staff_user.id'], name=op.f('fk_identity_disclosure_decided_by_staff_user')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_identity_disclosure_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by'], ['staff_user.id'], name=op.f('fk_identity_disclosure_requested_by_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_disclosure'))
    )
    with op.batch_alter_table('identity_disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_disclosure_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_disclosure_state'), ['state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('identity_disclosure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_disclosure_state'))
        batch_op.drop_index(batch_op.f('ix_identity_disclosure_report_id'))

    op.drop_table('identity_disclosure')
