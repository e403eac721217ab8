"""Inside WeChat's in-app browser, with no service worker: the app says how to open it in
the browser or add it to the home screen, and still saves taps locally and syncs them."""
from playwright.sync_api import expect

from .app import children, expect_waiting, mark, open_app, sign_in
from .harness import server_checks

WECHAT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Version/4.0 Chrome/126.0 Mobile Safari/537.36 MMWEBID/1234 MicroMessenger/8.0.50")


def test_in_wechat_without_a_service_worker_the_app_offers_the_browser_and_still_syncs(live, phone):
    ctx = phone(user_agent=WECHAT, service_workers="block")
    page = open_app(ctx, live.url, controlled=False)
    expect(page.locator("#notices")).to_contain_text("在浏览器打开")
    sign_in(page, "teacher1")
    child = children(page)[0][0]
    mark(page, child)
    expect_waiting(page, 0)
    assert [c["child_id"] for c in server_checks(live.url)] == [child]
    assert page.evaluate("navigator.serviceWorker?.controller ?? null") is None
