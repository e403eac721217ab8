"""pickups: handed over despite the block list

Written by hand. A pick-up by an adult on the block list is refused; the admin alone may
record one deliberately, and the record keeps that it was (blocked) with the entry's
reason as it was then. Existing pick-ups were not blocked.

Revision ID: 2b7e5d1c9a40
Revises: 7d2b9c4e1f03
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '2b7e5d1c9a40'
down_revision = '7d2b9c4e1f03'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pickups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('block_reason', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('pickups', schema=None) as batch_op:
        batch_op.drop_column('block_reason')
        batch_op.drop_column('blocked')
