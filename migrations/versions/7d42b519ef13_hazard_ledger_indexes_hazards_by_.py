"""hazard ledger indexes: a site's hazards by reported time, its steps by time

The ledger (GET /api/hazards, server/ledger.py) reads both in those orders; with these
indexes neither query sorts.

Revision ID: 7d42b519ef13
Revises: 3f19e4101f0f
Create Date: 2026-11-26 09:56:10.782221

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d42b519ef13'
down_revision = '3f19e4101f0f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hazard_actions_site_at', 'hazard_actions', ['site_id', 'at'])
    op.create_index('ix_hazards_site_reported', 'hazards', ['site_id', 'reported_at'])


def downgrade():
    op.drop_index('ix_hazards_site_reported', table_name='hazards')
    op.drop_index('ix_hazard_actions_site_at', table_name='hazard_actions')
