"""feed: each change row carries its record's JSON

Revision ID: 3e945b5a0b2b
Revises: a12ecac7eccf
Create Date: 2026-11-26 13:06:24.717871

`changes.data`: a put's record as the feed sends it, written with the change row, so a
pull need not read and convert the record. Rows already there keep NULL and are read
from their tables as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e945b5a0b2b'
down_revision = 'a12ecac7eccf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_column('data')
