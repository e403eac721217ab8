"""visitors: an optional photo taken at the gate

The SHA-256 of a blob (PUT /api/blobs/<sha256>); erased with the ID number after the
retention period (server/gate.py).

Revision ID: f0e408d5fe5e
Revises: 7d42b519ef13
Create Date: 2026-11-26 10:06:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f0e408d5fe5e'
down_revision = '7d42b519ef13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.drop_column('photo')
