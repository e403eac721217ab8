"""Photos taken offline: shrunk on the phone, kept in IndexedDB through a closed app and a
dead server, uploaded before the hazard that uses them, both arriving once; a photo the
server refuses stays on the phone and sends its hazard to the rejected list with the reason,
until the hazard is discarded."""
import hashlib
from collections import Counter

from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, idb_all, kept_offline, mutation_log, open_app, sign_in
from .harness import pulled
from .zones_helpers import blob, photo_jpeg, sync_now


def test_a_hazard_photographed_offline_arrives_once_with_its_photo(live, phone, db_file, tmp_path):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.goto(f"{live.url}/#/hazard-new")
    expect(page.locator("form.zreport")).to_be_visible()

    kept_offline(page, "caregiver")  # the hazard's own screen opens with no server
    live.stop()
    page.select_option("#zwhere", index=1)
    page.fill("#zwhat", "滑梯扶手开裂")
    page.select_option("#zseverity", "high")
    page.set_input_files("#zreport-photo", str(photo_jpeg(tmp_path)))  # the <input capture> a camera fills
    expect(page.locator("form.zreport img.zthumb")).to_have_count(1)
    page.locator("form.zreport button[type=submit]").click()
    expect(page.locator(".hazard-detail")).to_be_visible()
    [kept] = idb_all(page, "blobs")
    [queued] = idb_all(page, "outbox")
    sha = queued["args"]["photos"][0]
    assert kept["sha256"] == sha and queued["name"] == "hazard.report"

    page.close()
    page = open_app(ctx, live.url)  # closed and opened again, still without a server
    expect_waiting(page, 1)
    assert [b["sha256"] for b in idb_all(page, "blobs")] == [sha]

    live.start()  # nobody taps anything from here on
    sync_now(page)
    expect_waiting(page, 0, timeout=30_000)
    assert idb_all(page, "blobs") == []  # it left the phone once the server had it
    img = blob(live.url, sha)
    assert img is not None and img.format == "JPEG" and max(img.size) == 1600
    [hazard] = pulled(live.url, "hazard")
    assert hazard["photos"] == [sha] and hazard["what"] == "滑梯扶手开裂"
    assert Counter(s for i, s, _ in mutation_log(db_file) if i == queued["id"]) == {"applied": 1}


BAD = {
    "not_an_image": (b"this is not a photo at all", None),
    "hash_mismatch": (b"\xff\xd8\xff\xe0 a photo cut short", "0" * 64),
}


def test_a_photo_the_server_refuses_is_shown_with_its_reason(live, phone, tmp_path):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    shas = []
    for code, (data, sha) in BAD.items():
        sha = sha or hashlib.sha256(data).hexdigest()
        shas.append(sha)
        page.evaluate("""async ([bytes, sha]) => {
          const { db } = await import('/db.js');
          const { enqueueAll } = await import('/screens/zones/common.js');
          const { currentUser } = await import('/session.js');
          const user = await currentUser();
          await (await db()).put('blobs', { sha256: sha, bytes: new Uint8Array(bytes).buffer,
            type: 'image/jpeg', size: bytes.length, user_id: user.id });
          await enqueueAll(user, [{ name: 'hazard.report', args: { id: crypto.randomUUID(),
            what: 'corrupt ' + sha.slice(0, 6), severity: 'low', photos: [sha] } }]);
        }""", [list(data), sha])
    sync_now(page)
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "2")
    page.get_by_test_id("attention").click()
    expect(page.locator("li.rejected")).to_have_count(2)
    text = page.locator("#main").inner_text()
    assert "不是JPEG、PNG或WebP图片" in text and "内容已损坏" in text
    assert sorted(b["sha256"] for b in idb_all(page, "blobs")) == sorted(shas)  # nothing lost
    assert idb_all(page, "outbox") == [] and pulled(live.url, "hazard") == []
    page.on("dialog", lambda d: d.accept())
    for left in (1, 0):
        page.locator("li.rejected").first.get_by_role("button", name="放弃").click()
        expect(page.locator("li.rejected")).to_have_count(left)
    assert idb_all(page, "blobs") == []  # they left with the last change that used them
