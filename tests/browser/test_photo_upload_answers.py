"""What the photo upload is answered on a school's network: a proxy's 413, a captive
portal's 200 page. The photo leaves the phone only on the server's own word that it has
that photo; until then nothing is lost, and the hazard arrives with its photo once the
network lets it through. And a change sent again keeps the time the work was done."""
import datetime as dt

from playwright.sync_api import expect

from .app import backoff_cap, eventually, expect_waiting, idb_all, kept_offline, open_app, sign_in
from .harness import pulled
from .zones_helpers import blob, photo_jpeg, sync_now

NGINX_413 = ("<html><head><title>413 Request Entity Too Large</title></head><body><center>"
             "<h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>")


def report_offline(ctx, page, live, tmp_path, what):
    """A hazard with a photo reported with no network; the photo's SHA-256."""
    kept_offline(page, "caregiver")
    ctx.set_offline(True)
    page.goto(f"{live.url}/#/hazard-new")
    page.select_option("#zwhere", index=1)
    page.fill("#zwhat", what)
    page.set_input_files("#zreport-photo", str(photo_jpeg(tmp_path)))
    expect(page.locator("form.zreport img.zthumb")).to_have_count(1)
    page.locator("form.zreport button[type=submit]").click()
    expect(page.locator(".hazard-detail")).to_be_visible()
    [kept] = idb_all(page, "blobs")
    return kept["sha256"]


def test_a_photo_a_proxy_answers_413_stays_on_the_phone_and_goes_up_when_sent_again(
        live, phone, tmp_path):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    sha = report_offline(ctx, page, live, tmp_path, "围栏螺丝松脱")
    page.route("**/api/blobs/*", lambda r: r.fulfill(status=413, content_type="text/html", body=NGINX_413)
               if r.request.method == "PUT" else r.continue_())
    ctx.set_offline(False)
    sync_now(page)
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    assert [b["sha256"] for b in idb_all(page, "blobs")] == [sha]  # still on the phone
    page.goto(f"{live.url}/#/rejected")
    item = page.locator("li.rejected")
    expect(item.locator("p.reason")).to_have_attribute("data-code", "photo_too_large")
    expect(item.locator("p.reason")).to_contain_text("照片太大，学校的网络传不上去")
    assert pulled(live.url, "hazard") == []

    page.unroute("**/api/blobs/*")  # the school's network let it through
    item.get_by_role("button", name="重新提交").click()
    expect_waiting(page, 0, timeout=30_000)
    assert eventually(lambda: idb_all(page, "blobs") == [] and idb_all(page, "rejected") == [])
    [hazard] = pulled(live.url, "hazard")
    assert hazard["what"] == "围栏螺丝松脱" and hazard["photos"] == [sha]
    assert blob(live.url, sha) is not None


def test_a_portal_page_answering_200_is_not_an_upload(live, phone, tmp_path):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    sha = report_offline(ctx, page, live, tmp_path, "插座盖板缺失")
    portal = []

    def login_page(route):
        portal.append(route.request.method)
        route.fulfill(status=200, content_type="text/html", body="<html>请登录 Wi-Fi</html>")
    page.route("**/api/blobs/*", login_page)
    page.route("**/api/sync/push", login_page)
    ctx.set_offline(False)
    sync_now(page)
    running = "import('/sync.js').then(s => s.status.running)"
    assert eventually(lambda: portal and not page.evaluate(running))
    assert [b["sha256"] for b in idb_all(page, "blobs")] == [sha]
    assert len(idb_all(page, "outbox")) == 1 and idb_all(page, "rejected") == []

    page.unroute("**/api/blobs/*")  # signed in to the Wi-Fi: the real network
    page.unroute("**/api/sync/push")
    sync_now(page)  # nobody taps anything
    expect_waiting(page, 0, timeout=30_000)
    assert eventually(lambda: idb_all(page, "blobs") == [])
    [hazard] = pulled(live.url, "hazard")
    assert hazard["photos"] == [sha] and blob(live.url, sha) is not None


def test_a_photo_upload_that_never_answers_is_given_up_and_tried_again(live, phone, tmp_path):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.evaluate("localStorage.setItem('sanguan.requestTimeoutMs', '500')")  # 2 s a photo
    sha = report_offline(ctx, page, live, tmp_path, "楼梯扶手松动")
    held = []  # the first upload: taken by a stalled network, never answered
    page.route("**/api/blobs/*", lambda r: held.append(r) if not held and r.request.method == "PUT"
               else r.continue_())
    ctx.set_offline(False)
    sync_now(page)
    expect_waiting(page, 0, timeout=30_000)  # it held every later sync before
    assert len(held) == 1
    [hazard] = pulled(live.url, "hazard")
    assert hazard["photos"] == [sha] and blob(live.url, sha) is not None


def test_a_change_sent_again_keeps_the_time_it_was_done(live, phone):
    """Refused in the morning, sent again in the afternoon: the hazard was found in the
    morning (device_time is when the person did it, PROTOCOL.md)."""
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    tapped = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(hours=5))
    tapped = tapped.isoformat(timespec="milliseconds")
    page.evaluate("""async (tapped) => {
      const { db } = await import('/db.js');
      const { currentUser } = await import('/session.js');
      const { changed } = await import('/bus.js');
      const user = await currentUser();
      await (await db()).put('rejected', { id: crypto.randomUUID(), name: 'hazard.report',
        hlc: `${String(Date.parse(tapped)).padStart(15, '0')}:00000:x`, device_time: tapped,
        args: { id: crypto.randomUUID(), what: '楼梯扶手松动', severity: 'high', photos: [] },
        user_id: user.id, record_id: null, code: 'conflict', message: 'refused this morning',
        rejected_at: tapped });
      changed('outbox');
    }""", tapped)
    page.goto(f"{live.url}/#/rejected")
    page.locator("li.rejected").get_by_role("button", name="重新提交").click()
    expect_waiting(page, 0, timeout=30_000)
    [hazard] = pulled(live.url, "hazard")
    assert dt.datetime.fromisoformat(hazard["reported_at"]) == dt.datetime.fromisoformat(tapped)


def test_a_hazard_whose_photo_is_lost_for_good_may_be_sent_without_it(live, phone):
    """An older app deleted the photo after a 413; the server refuses the hazard without
    it (photo_missing). The person may send the report without the photo: it is kept."""
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.evaluate("""async () => {
      const { db } = await import('/db.js');
      const { currentUser } = await import('/session.js');
      const { deviceTime } = await import('/time.js');
      const user = await currentUser();
      await (await db()).put('rejected', { id: crypto.randomUUID(), name: 'hazard.report',
        hlc: `${String(Date.now()).padStart(15, '0')}:00000:x`, device_time: deviceTime(),
        args: { id: crypto.randomUUID(), what: '窗户护栏松动', severity: 'high', photos: ['e'.repeat(64)] },
        user_id: user.id, record_id: null, code: 'photo_missing', message: 'photo eeee… has not reached the server',
        rejected_at: new Date().toISOString() });
    }""")
    page.goto(f"{live.url}/#/rejected")
    item = page.locator("li.rejected")
    expect(item.get_by_test_id("photo-lost")).to_be_visible()
    item.get_by_test_id("without-photo").click()
    expect_waiting(page, 0, timeout=30_000)
    assert eventually(lambda: idb_all(page, "rejected") == [])
    [hazard] = pulled(live.url, "hazard")
    assert hazard["what"] == "窗户护栏松动" and hazard["photos"] == []
