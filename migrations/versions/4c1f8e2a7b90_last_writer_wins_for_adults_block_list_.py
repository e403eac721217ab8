"""last writer wins for pick-up adults, the block list, equipment and inspections

Revision ID: 4c1f8e2a7b90
Revises: b5d0c6e1a9f2
Create Date: 2026-11-29 18:40:00

Written by hand. Each of these records is written from phones (and some from the admin's
pages too), and was written by whichever edit arrived last, whatever its clock: an adult
taken off a child's list was put back by an older edit that synced after it. They now
keep, per field, the clock of the edit that set it (`field_hlc`, as the checks do), and
the clock of their latest edit (`hlc`). Existing rows start with no clocks: the next edit
of each field wins, as it did before.
"""
from alembic import op
import sqlalchemy as sa


revision = '4c1f8e2a7b90'
down_revision = 'b5d0c6e1a9f2'
branch_labels = None
depends_on = None

TABLES = ('pickup_adults', 'block_list', 'equipment', 'inspections')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('field_hlc', sa.JSON(), server_default=sa.text("'{}'"),
                                          nullable=False))
            batch_op.add_column(sa.Column('hlc', sa.String(length=128), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('hlc')
            batch_op.drop_column('field_hlc')
