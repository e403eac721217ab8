"""weekly hygiene bulletins: drafted from a week's records, edited, published to staff

Revision ID: 6b6d3898d638
Revises: 49ee54361225
Create Date: 2026-11-26 10:00:13.966878

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6b6d3898d638'
down_revision = '49ee54361225'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bulletins',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('drafted_by', sa.String(length=36), nullable=False),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=36), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_bulletins_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletins')),
    sa.UniqueConstraint('site_id', 'week', name='uq_bulletins_site_week')
    )


def downgrade():
    op.drop_table('bulletins')
