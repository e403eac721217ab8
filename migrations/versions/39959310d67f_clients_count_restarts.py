"""clients: count the times a device started over (a pull from 0 after it had more)

Revision ID: 39959310d67f
Revises: 7efd2addd7a3
Create Date: 2026-11-26 07:20:00

Written by hand: two nullable-safe columns on `clients`. `restarts` gets a server default
so that existing rows read 0 on SQLite (batch mode copies the table) and PostgreSQL alike.
"""
from alembic import op
import sqlalchemy as sa


revision = '39959310d67f'
down_revision = '7efd2addd7a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restarts', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.add_column(sa.Column('last_restart_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('last_restart_at')
        batch_op.drop_column('restarts')
