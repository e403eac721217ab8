"""What a person does in the app, as steps the tests share."""
from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import requests
from playwright.sync_api import Page, expect

from .harness import PASSWORD


def open_app(context, url: str, *, controlled: bool = True) -> Page:
    page = context.new_page()
    page.goto(url)
    if controlled:
        page.wait_for_function("() => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)")
    return page


# Where a demo user starts once signed in: Today's checks, but the gate for the guard.
HOMES = {"guard": "gate"}


def sign_in(page: Page, username: str, site: str = "demo", password: str = PASSWORD,
            button: str = "登录") -> None:
    # A language just switched draws the form again: fill the one in that language.
    expect(page.get_by_role("button", name=button)).to_be_visible()
    page.fill("#site", site)
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name=button).click()
    home = HOMES.get(username, "today")
    if home == "today":  # its roster is drawn from the first pull
        expect(page.locator("#main[data-screen=today] li.child").first).to_be_visible()
    else:
        expect(page.locator(f"#main[data-screen={home}]")).to_be_visible()
        # The gate's screen is drawn before the first pull is stored: a test that then
        # takes the network away found the phone without the school's children.
        assert eventually(lambda: first_pull_stored(page), timeout=15), "no first pull"


def first_pull_stored(page: Page) -> bool:
    """Whether the signed-in person's phone has stored a page of changes (its cursor)."""
    return page.evaluate("""Promise.all([import('/session.js'), import('/db.js')])
      .then(([session, db]) => session.currentUser()
        .then((u) => u ? db.getSetting(`cursor:${u.id}`, 0) : 0))
      .then((cursor) => cursor > 0)""")


def waiting(page: Page):
    return page.get_by_test_id("waiting")


def outbox_count(page: Page) -> int | None:
    """How many changes the phone's outbox holds, read from its IndexedDB; None while the
    app has not made its store yet (this read never makes one in its place)."""
    return page.evaluate("""() => new Promise((resolve, reject) => {
      const open = indexedDB.open('sanguan');
      open.onupgradeneeded = () => open.transaction.abort();  // no store yet: not ours to make
      open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
      open.onsuccess = () => {
        const req = open.result.transaction('outbox').objectStore('outbox').count();
        req.onsuccess = () => { open.result.close(); resolve(req.result); };
        req.onerror = () => reject(req.error);
      };
    })""")


def expect_waiting(page: Page, n: int, timeout: float = 15_000) -> None:
    """The outbox holds `n` changes, and the status strip says so. The store is asked first:
    the strip is drawn a moment after the store changes, so just after a tap it may still
    show the count from before (0 while the tap is queued and not yet sent)."""
    assert eventually(lambda: outbox_count(page) == n, timeout=timeout / 1000), \
        f"the outbox holds {outbox_count(page)} changes, not {n}"
    expect(waiting(page)).to_have_attribute("data-count", str(n), timeout=timeout)


def children(page: Page) -> list[tuple[str, str]]:
    """(child id, name) of every row on the roster."""
    return page.eval_on_selector_all(
        "li.child", "els => els.map(e => [e.dataset.child, e.querySelector('.name').firstChild.textContent])")


def mark(page: Page, child_id: str, status: str = "normal") -> None:
    """Tap a child's "normal" (or "absent") button and wait until the row shows it saved."""
    row = page.locator(f'li.child[data-child="{child_id}"]')
    row.locator(f"button.mark.{status}").click()
    expect(row.locator(f"button.mark.{status}")).to_have_attribute("aria-pressed", "true")


def eventually(condition, timeout: float = 10) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; its last answer."""
    deadline = time.monotonic() + timeout
    while not (ok := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return ok


def idb_all(page: Page, store: str) -> list:
    """Everything in one object store of the app's IndexedDB, read the plain way."""
    return page.evaluate("""store => new Promise((resolve, reject) => {
      const open = indexedDB.open('sanguan');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => { open.result.close(); resolve(req.result); };
        req.onerror = () => reject(req.error);
      };
    })""", store)


def idb_setting(page: Page, key: str):
    return page.evaluate("""key => new Promise((resolve, reject) => {
      const open = indexedDB.open('sanguan');
      open.onsuccess = () => {
        const req = open.result.transaction('settings').objectStore('settings').get(key);
        req.onsuccess = () => { open.result.close(); resolve(req.result); };
        req.onerror = () => reject(req.error);
      };
    })""", key)


def mutation_log(db_file) -> list[tuple[str, str, str | None]]:
    """(mutation id, status, code) of every row of the server's audit trail."""
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT id, status, code FROM mutation_log ORDER BY log_id").fetchall()


def kept_offline(page: Page, role: str) -> None:
    """Wait until the worker has kept this role's screens for use with no network (the idle
    fetch after a sign-in, pwa/offline.js): only then may a test take the network away and
    open a screen this page has not loaded yet."""
    page.wait_for_function(
        "role => (document.documentElement.dataset.offlineRoles ?? '').split(' ').includes(role)",
        arg=role, timeout=30_000)


def choose_session(page: Page, session: str) -> None:
    page.locator(f"button.task[data-session={session}]").click()
    expect(page.locator(f"button.task[data-session={session}]")).to_have_attribute("aria-pressed", "true")


def backoff_cap(page: Page, ms: int = 1500) -> None:
    """Tests wait seconds, not minutes: cap the retry backoff of this phone."""
    page.evaluate("ms => localStorage.setItem('sanguan.backoffCapMs', String(ms))", ms)


def teacher_at_morning(context, url: str) -> Page:
    """teacher1's phone, signed in, on Today at the morning check (whatever the hour)."""
    page = open_app(context, url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    choose_session(page, "morning")
    return page


NO_SUCH_CHILD = "0e9b1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"


def queue_check(page, child_id=NO_SUCH_CHILD, **fields):
    """Queue a check the way the app does, bypassing the form's own checks: by default a
    child the school no longer has (e.g. removed from the roster on the server)."""
    page.evaluate("""async ([childId, fields]) => {
      const { recordCheck } = await import('/outbox.js');
      const { currentUser } = await import('/session.js');
      const { today } = await import('/time.js');
      const user = await currentUser();
      await recordCheck(user, { id: childId, class_id: user.class_ids[0] },
        { date: today(user.timezone), session: 'morning', status: 'normal', ...fields });
    }""", [child_id, fields])


def queue_round(page, room_name="小一班活动室", **fields):
    """Queue a disinfection round the way its form does, past the form's own checks (an
    app from before them, or a rule the server has and the phone not): today's, round 1."""
    page.evaluate("""async ([name, fields]) => {
      const { recordRound } = await import('/screens/health/disinfect_rules.js');
      const { currentUser } = await import('/session.js');
      const { byEntity } = await import('/db.js');
      const { today } = await import('/time.js');
      const user = await currentUser();
      const room = (await byEntity('room')).find((r) => r.name === name);
      await recordRound(user, room, { date: today(user.timezone), round: 1, ...fields });
    }""", [room_name, fields])
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")


def revoke_sign_in(page: Page, base_url: str) -> None:
    """Revoke, on the server, the sign-in of the one person signed in on this phone (as
    the principal does for a lost phone); the phone learns it at its next push."""
    [account] = idb_setting(page, "accounts").values()
    r = requests.post(f"{base_url}/api/auth/logout", timeout=5,
                      headers={"Authorization": f"Bearer {account['token']}"})
    assert r.status_code == 200


# A pull fetched now and applied later, as a pull that was on its way while the person
# tapped: fetch_stale_pull, then (after the tap) apply_stale_pull.
_FETCH_PULL = """async () => {
  const { api } = await import('/api.js');
  const { currentUser, tokenFor } = await import('/session.js');
  const user = await currentUser();
  window.stalePull = await api('/api/sync/pull?cursor=0&limit=5000', { token: await tokenFor(user.id) });
}"""
_APPLY_PULL = """async () => {
  const { applyPage } = await import('/pull.js');
  const { currentUser } = await import('/session.js');
  await applyPage((await currentUser()).id, window.stalePull);
  (await import('/bus.js')).changed('pull');
}"""


def fetch_stale_pull(page: Page) -> None:
    page.evaluate(_FETCH_PULL)


def apply_stale_pull(page: Page) -> None:
    page.evaluate(_APPLY_PULL)


def queue_refused(page, name, args, record):
    """Queue `name` with `args` and lay `record` (merged over the stored one of its id, if
    any) the way a screen does, with arguments the server refuses; then sync. Returns the
    mutation's id: the record is marked `refused` with it once the server has answered."""
    mid = page.evaluate("""async ([name, args, record]) => {
      const { enqueue } = await import('/outbox.js');
      const { currentUser } = await import('/session.js');
      const { db } = await import('/db.js');
      const stored = record.id ? await (await db()).get('records', record.id) : null;
      const m = await enqueue(await currentUser(), name, args, { record: { ...stored, ...record } });
      return m.id;
    }""", [name, args, record])
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    return mid


def today_at_school(page) -> str:
    return page.evaluate("""async () => {
      const { currentUser } = await import('/session.js');
      const { today } = await import('/time.js');
      return today((await currentUser()).timezone);
    }""")
