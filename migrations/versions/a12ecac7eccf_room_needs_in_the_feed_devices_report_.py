"""room needs and the site's settings in the feed; devices report their outbox

Revision ID: a12ecac7eccf
Revises: f0e408d5fe5e
Create Date: 2026-11-26 09:53:38.586892

Generated, then edited by hand: `room_needs.id` is added nullable, filled with each row's
natural id (sync.ids.natural_id(site, "room_need", room, item)) and only then made
required; the rows already there, and every site (its settings), are put into the change
feed so that phones pull them.
"""
from alembic import op
import sqlalchemy as sa

from sync.ids import natural_id


# revision identifiers, used by Alembic.
revision = 'a12ecac7eccf'
down_revision = 'f0e408d5fe5e'
branch_labels = None
depends_on = None


def _feed(conn, site_id, entity, entity_id, class_id=None):
    """One 'put' change in the site's feed, numbered after its last change."""
    last = conn.execute(sa.text("SELECT last FROM site_seq WHERE site_id = :s"),
                        {"s": site_id}).scalar()
    if last is None:
        last = 0
        conn.execute(sa.text("INSERT INTO site_seq (site_id, last, floor) VALUES (:s, 0, 0)"),
                     {"s": site_id})
    seq = last + 1
    conn.execute(sa.text("DELETE FROM changes WHERE site_id = :s AND entity = :e AND entity_id = :i"),
                 {"s": site_id, "e": entity, "i": entity_id})
    conn.execute(sa.text(
        "INSERT INTO changes (site_id, entity, entity_id, seq, op, class_id) "
        "VALUES (:s, :e, :i, :q, 'put', :c)"),
        {"s": site_id, "e": entity, "i": entity_id, "q": seq, "c": class_id})
    conn.execute(sa.text("UPDATE site_seq SET last = :q WHERE site_id = :s"),
                 {"q": seq, "s": site_id})


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outbox', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outbox_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('room_needs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id', sa.String(length=36), nullable=True))
    conn = op.get_bind()
    needs = conn.execute(sa.text(
        "SELECT n.site_id, n.room_id, n.item, r.class_id FROM room_needs n "
        "JOIN rooms r ON r.id = n.room_id")).all()
    for site_id, room_id, item, class_id in needs:
        nid = natural_id(site_id, "room_need", room_id, item)
        conn.execute(sa.text("UPDATE room_needs SET id = :i WHERE room_id = :r AND item = :t"),
                     {"i": nid, "r": room_id, "t": item})
        _feed(conn, site_id, "room_need", nid, class_id)
    for (site_id,) in conn.execute(sa.text("SELECT id FROM sites")).all():
        _feed(conn, site_id, "site", site_id)
    with op.batch_alter_table('room_needs', schema=None) as batch_op:
        batch_op.alter_column('id', existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_room_needs_id'), ['id'])


def downgrade():
    op.execute("DELETE FROM changes WHERE entity IN ('room_need', 'site')")
    with op.batch_alter_table('room_needs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_room_needs_id'), type_='unique')
        batch_op.drop_column('id')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('outbox_at')
        batch_op.drop_column('outbox')
