"""health checks keep their history

Revision ID: 47a18c96da52
Revises: 3e945b5a0b2b
Create Date: 2026-11-26 16:15:41.519154

Generated, then edited by hand. `health_checks.history`: every version of the check as it
was sent, winning or not (server/models.py, HealthCheck), instead of a `check_history`
row and its change row each (a push wrote five rows a check; now three). Upgrade fills it
from the check_history rows, in (hlc, id) order, each version as
server/mutations/checks.py `version` makes it (times as RFC 3339 in UTC), and sets
`changes.data` back to NULL for every health_check put: the JSON stored there lacks the
history, and a pull reads a row without it from the table. The check_history rows and
their feed entity stay: phones hold them.

Downgrade drops the column after copying back into check_history, with their change rows,
the versions recorded since the upgrade, so that going back loses none of them.
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '47a18c96da52'
down_revision = '3e945b5a0b2b'
branch_labels = None
depends_on = None

CHUNK = 500  # checks per round trip

HISTORY = sa.table('check_history', sa.column('id', sa.String), sa.column('site_id', sa.String),
                   sa.column('check_id', sa.String), sa.column('class_id', sa.String),
                   sa.column('values', sa.JSON), sa.column('hlc', sa.String),
                   sa.column('recorded_by', sa.String), sa.column('device_id', sa.String),
                   sa.column('device_time', sa.DateTime(timezone=True)),
                   sa.column('received_at', sa.DateTime(timezone=True)),
                   sa.column('clock_skewed', sa.Boolean))
CHECKS = sa.table('health_checks', sa.column('id', sa.String), sa.column('site_id', sa.String),
                  sa.column('class_id', sa.String), sa.column('date', sa.Date),
                  sa.column('history', sa.JSON))
CHANGES = sa.table('changes', sa.column('site_id', sa.String), sa.column('entity', sa.String),
                   sa.column('entity_id', sa.String), sa.column('seq', sa.BigInteger),
                   sa.column('op', sa.String), sa.column('class_id', sa.String),
                   sa.column('day', sa.Date), sa.column('data', sa.Text))
SEQ = sa.table('site_seq', sa.column('site_id', sa.String), sa.column('last', sa.BigInteger),
               sa.column('floor', sa.BigInteger))


def _utc(when: dt.datetime) -> str:
    """A stored time as the feed sends it. SQLite gives it back without its zone: UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).isoformat()


def _version(row) -> dict:
    return {"id": row.id, "values": row.values, "hlc": row.hlc,
            "recorded_by": row.recorded_by, "device_id": row.device_id,
            "device_time": _utc(row.device_time), "received_at": _utc(row.received_at),
            "clock_skewed": bool(row.clock_skewed)}


def _checks_with_history(conn) -> dict[str, list[str]]:
    """site → the ids of its checks that have check_history rows."""
    out: dict[str, list[str]] = {}
    for site_id, check_id in conn.execute(
            sa.select(HISTORY.c.site_id, HISTORY.c.check_id).distinct()
            .order_by(HISTORY.c.site_id, HISTORY.c.check_id)):
        out.setdefault(site_id, []).append(check_id)
    return out


def upgrade():
    with op.batch_alter_table('health_checks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('history', sa.JSON(), server_default=sa.text("'[]'"),
                                      nullable=False))

    conn = op.get_bind()
    fill = (sa.update(CHECKS)
            .where(CHECKS.c.site_id == sa.bindparam('s'), CHECKS.c.id == sa.bindparam('c'))
            .values(history=sa.bindparam('h', type_=sa.JSON)))
    for site_id, check_ids in _checks_with_history(conn).items():
        for i in range(0, len(check_ids), CHUNK):
            some = check_ids[i:i + CHUNK]
            by_check: dict[str, list[dict]] = {}
            for row in conn.execute(
                    sa.select(HISTORY).where(HISTORY.c.site_id == site_id,
                                             HISTORY.c.check_id.in_(some))
                    .order_by(HISTORY.c.check_id, HISTORY.c.hlc, HISTORY.c.id)):
                by_check.setdefault(row.check_id, []).append(_version(row))
            conn.execute(fill, [{"s": site_id, "c": c, "h": h} for c, h in by_check.items()])
    # Every check gained a field: its stored JSON is no longer its record as a pull sends it.
    conn.execute(sa.update(CHANGES).where(CHANGES.c.entity == 'health_check',
                                          CHANGES.c.op == 'put').values(data=None))


def downgrade():
    conn = op.get_bind()
    kept = {(s, i) for s, i in conn.execute(sa.select(HISTORY.c.site_id, HISTORY.c.id))}
    rows, feed = [], {}
    for check in conn.execute(sa.select(CHECKS).order_by(CHECKS.c.site_id, CHECKS.c.id)):
        for v in check.history or ():
            if (check.site_id, v["id"]) in kept:
                continue
            rows.append({"id": v["id"], "site_id": check.site_id, "check_id": check.id,
                         "class_id": check.class_id, "values": v["values"], "hlc": v["hlc"],
                         "recorded_by": v["recorded_by"], "device_id": v["device_id"],
                         "device_time": dt.datetime.fromisoformat(v["device_time"]),
                         "received_at": dt.datetime.fromisoformat(v["received_at"]),
                         "clock_skewed": v["clock_skewed"]})
            feed.setdefault(check.site_id, []).append((v["id"], check.class_id, check.date))
    if rows:
        conn.execute(sa.insert(HISTORY), rows)
    for site_id, versions in feed.items():  # each in the feed, numbered after the last
        last = conn.execute(sa.select(SEQ.c.last).where(SEQ.c.site_id == site_id)).scalar()
        if last is None:
            last = 0
            conn.execute(sa.insert(SEQ).values(site_id=site_id, last=0, floor=0))
        conn.execute(sa.insert(CHANGES), [
            {"site_id": site_id, "entity": 'check_history', "entity_id": vid,
             "seq": last + n, "op": 'put', "class_id": class_id, "day": day, "data": None}
            for n, (vid, class_id, day) in enumerate(versions, 1)])
        conn.execute(sa.update(SEQ).where(SEQ.c.site_id == site_id)
                     .values(last=last + len(versions)))
    conn.execute(sa.update(CHANGES).where(CHANGES.c.entity == 'health_check',
                                          CHANGES.c.op == 'put').values(data=None))
    with op.batch_alter_table('health_checks', schema=None) as batch_op:
        batch_op.drop_column('history')
