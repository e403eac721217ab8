"""gate events by site and date

The gate's days against its times (server/gate.py slots_between: the dashboard, the
records, the gate log form, the guard's scorecard) read a site's events of some dates, and
the date of its first; with this index neither walks the school's whole gate log.

Revision ID: b5d0c6e1a9f2
Revises: 47a18c96da52
Create Date: 2026-11-27 22:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5d0c6e1a9f2'
down_revision = '47a18c96da52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_gate_events_site_date', 'gate_events', ['site_id', 'date'])


def downgrade():
    op.drop_index('ix_gate_events_site_date', table_name='gate_events')
