"""A phone whose store an earlier version of the app made opens the new version: the store
is upgraded in place (db.js), and nothing in it is lost — pulled records, the queued
change (which still syncs), the rejected one, the cursor and the sign-in."""
import pytest
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, queue_check, sign_in
from .harness import server_checks

# Every store as plain data (settings as [key, value] pairs), read without the app's db.js.
DUMP = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('sanguan');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const d = open.result;
    const stores = ['records', 'outbox', 'rejected', 'settings'];
    const t = d.transaction(stores);
    const out = { version: d.version, stores: [...d.objectStoreNames],
      indexes: [...t.objectStore('records').indexNames] };
    for (const s of ['records', 'outbox', 'rejected']) {
      t.objectStore(s).getAll().onsuccess = (e) => { out[s] = e.target.result; };
    }
    const settings = out.settings = [];
    t.objectStore('settings').openCursor().onsuccess = (e) => {
      const c = e.target.result;
      if (c) { settings.push([c.key, c.value]); c.continue(); }
    };
    t.oncomplete = () => { d.close(); resolve(out); };
    t.onerror = () => reject(t.error);
  };
})"""

# The store as the app's version 1 (records, outbox, rejected, settings) or 2 (and blobs)
# made it: the same stores, keys and indexes, written here by hand.
WRITE_OLD = """([version, dump]) => new Promise((resolve, reject) => {
  const open = indexedDB.open('sanguan', version);
  open.onerror = () => reject(open.error);
  open.onupgradeneeded = () => {
    const d = open.result;
    d.createObjectStore('records', { keyPath: 'id' }).createIndex('entity', 'entity');
    d.createObjectStore('outbox', { keyPath: 'id' }).createIndex('hlc', 'hlc');
    d.createObjectStore('rejected', { keyPath: 'id' });
    d.createObjectStore('settings');
    if (version >= 2) d.createObjectStore('blobs', { keyPath: 'sha256' });
  };
  open.onsuccess = () => {
    const d = open.result;
    const t = d.transaction(['records', 'outbox', 'rejected', 'settings'], 'readwrite');
    for (const s of ['records', 'outbox', 'rejected']) dump[s].forEach((r) => t.objectStore(s).put(r));
    dump.settings.forEach(([k, v]) => t.objectStore('settings').put(v, k));
    t.oncomplete = () => { d.close(); resolve(); };
    t.onerror = () => reject(t.error);
  };
})"""


def by_id(rows):
    return sorted(rows, key=lambda r: r["id"])


@pytest.mark.parametrize("version", [1, 2])
def test_a_store_of_an_earlier_version_keeps_everything_and_the_queue_still_syncs(
        live, proxy, phone, version):
    # What a phone holds: the pulled school, a change the server refused, one waiting.
    before = phone()
    page = open_app(before, proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    queue_check(page)  # a child the school does not have: refused
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    expect_waiting(page, 0)
    proxy.block_pushes = True
    child = children(page)[0][0]
    mark(page, child)
    expect_waiting(page, 1)
    held = page.evaluate(DUMP)
    before.close()  # one phone: its device id and token go on to the next context
    cursor = dict(held["settings"])[f"cursor:{dict(held['settings'])['current']}"]
    assert cursor > 0 and len(held["outbox"]) == 1 and len(held["rejected"]) == 1

    # The same contents in a store of the earlier version, then the new app opens it.
    after = phone()
    blank = after.new_page()
    blank.goto(f"{proxy.url}/healthz")  # this origin, without the app
    blank.evaluate(WRITE_OLD, [version, held])
    blank.close()
    page = open_app(after, proxy.url)
    expect(page.locator(f'li.child[data-child="{child}"] button.mark.normal')).to_have_attribute(
        "aria-pressed", "true")
    expect_waiting(page, 1)
    now = page.evaluate(DUMP)
    assert now["version"] == 3
    assert "blobs" in now["stores"] and {"entity", "day"} <= set(now["indexes"])
    assert by_id(now["records"]) == by_id(held["records"])
    assert now["outbox"] == held["outbox"] and now["rejected"] == held["rejected"]
    kept = dict(now["settings"])
    for key in ("device_id", "accounts", "current", f"cursor:{kept['current']}"):
        assert kept[key] == dict(held["settings"])[key]
    # The new index holds the records that were there before it: today's checks, the
    # queued one among them.
    date, today = page.evaluate("""async () => {
      const { byDay } = await import('/db.js');
      const { today } = await import('/time.js');
      const { currentUser } = await import('/session.js');
      const date = today((await currentUser()).timezone);
      return [date, await byDay('health_check', date)];
    }""")
    assert by_id(today) == by_id([r for r in held["records"]
                                  if r["entity"] == "health_check" and r["date"] == date])
    assert child in {c["child_id"] for c in today}

    proxy.block_pushes = False
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect_waiting(page, 0)
    assert [c["child_id"] for c in server_checks(live.url)] == [child]
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
