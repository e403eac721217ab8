"""mutation log by site and id

A push looks up, for the ids it brings that were never applied, whether the log holds them
for another person (sync/engine.py logged_for_others): a change refused for one person is
not sent again under another's sign-in. The unique index covers applied rows only; with
this one the look-up does not walk the site's whole log.

Revision ID: 5a7e3c91d2b4
Revises: 2b7e5d1c9a40
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5a7e3c91d2b4'
down_revision = '2b7e5d1c9a40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_mutation_log_site_id', 'mutation_log', ['site_id', 'id'])


def downgrade():
    op.drop_index('ix_mutation_log_site_id', table_name='mutation_log')
