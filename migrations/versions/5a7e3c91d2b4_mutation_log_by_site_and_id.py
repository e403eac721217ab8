"""mutation log: the rows not applied, by site and id

A push looks up, for the ids it brings that were never applied, whether the log holds them
for another person (sync/engine.py logged_for_others): a change refused for one person is
not sent again under another's sign-in. The unique index covers applied rows only; this
one, the others (partial too: the applied rows, nearly all of a push's, do not pay for it).

Revision ID: 5a7e3c91d2b4
Revises: 2b7e5d1c9a40
Create Date: 2026-11-28 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5a7e3c91d2b4'
down_revision = '2b7e5d1c9a40'
branch_labels = None
depends_on = None


UNAPPLIED = sa.text("status != 'applied'")


def upgrade():
    op.create_index('ix_mutation_log_unapplied', 'mutation_log', ['site_id', 'id'],
                    sqlite_where=UNAPPLIED, postgresql_where=UNAPPLIED)


def downgrade():
    op.drop_index('ix_mutation_log_unapplied', table_name='mutation_log',
                  sqlite_where=UNAPPLIED, postgresql_where=UNAPPLIED)
