"""departures: a record's latest move out of each class it left

Revision ID: 7d2b9c4e1f03
Revises: 4c1f8e2a7b90
Create Date: 2026-11-29 19:20:00

Written by hand. A change row names only the class a record last left, so a child moved
twice between two pulls of a phone of its first class stayed on that phone. Rows start
empty: moves made before this migration keep the one class their change row names.
"""
from alembic import op
import sqlalchemy as sa


revision = '7d2b9c4e1f03'
down_revision = '4c1f8e2a7b90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'departures',
        sa.Column('site_id', sa.String(length=36), nullable=False),
        sa.Column('entity', sa.String(length=32), nullable=False),
        sa.Column('entity_id', sa.String(length=36), nullable=False),
        sa.Column('class_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('site_id', 'entity', 'entity_id', 'class_id',
                                name=op.f('pk_departures')))
    with op.batch_alter_table('departures', schema=None) as batch_op:
        batch_op.create_index('ix_departures_site_seq', ['site_id', 'seq'], unique=False)


def downgrade():
    with op.batch_alter_table('departures', schema=None) as batch_op:
        batch_op.drop_index('ix_departures_site_seq')
    op.drop_table('departures')
