"""Pull in pages: a first sync cut off halfway resumes where it stopped, and a `reset`
from the server starts again from 0; either way every record arrives."""
from playwright.sync_api import expect

from .app import backoff_cap, idb_all, open_app, sign_in


def pages_of_20(page):
    backoff_cap(page)
    page.evaluate("localStorage.setItem('sanguan.pullLimit', '20')")


def test_a_first_sync_cut_off_halfway_resumes_from_the_last_page_kept(live, proxy, phone):
    page = open_app(phone(), proxy.url)
    pages_of_20(page)
    asked = []

    def lose_the_third_page(cursor):
        asked.append(cursor)
        return "drop" if len(asked) == 3 else None
    proxy.on_pull = lose_the_third_page
    sign_in(page, "health")  # sees every class: 75 children and more, in pages of 20
    expect(page.locator("li.child")).to_have_count(75)
    lost = [c for c, what in proxy.pulls if what == "drop"]
    assert len(lost) == 1 and lost[0] > 0
    after = [c for c, _ in proxy.pulls][proxy.pulls.index((lost[0], "drop")) + 1]
    assert after == lost[0]  # asked again from the cursor it had kept, not from 0
    assert len([r for r in idb_all(page, "records") if r["entity"] == "child"]) == 75


def test_a_reset_from_the_server_pulls_everything_again_from_zero(live, proxy, phone):
    page = open_app(phone(), proxy.url)
    pages_of_20(page)
    state = {"reset": False}

    def reset_once(cursor):
        if cursor > 20 and not state["reset"]:
            state["reset"] = True
            return "reset"
        return None
    proxy.on_pull = reset_once
    sign_in(page, "health")
    expect(page.locator("li.child")).to_have_count(75)
    cursors = [c for c, _ in proxy.pulls]
    reset_at = cursors.index(next(c for c, what in proxy.pulls if what == "reset"))
    assert cursors[reset_at + 1] == 0
    assert len([r for r in idb_all(page, "records") if r["entity"] == "child"]) == 75


def test_a_first_sync_comes_compressed_and_every_record_arrives(live, phone):
    """Chromium takes zstd or gzip: the pull pages come compressed (about a fifteenth of
    the bytes on the school's Wi-Fi) and the phone stores them as it would plain ones."""
    page = open_app(phone(), live.url)
    pages_of_20(page)
    encodings = []

    def seen(response):
        if "/api/sync/pull" in response.url and response.status == 200:
            encodings.append(response.all_headers().get("content-encoding"))
    page.context.on("response", seen)
    sign_in(page, "health")
    expect(page.locator("li.child")).to_have_count(75)
    assert len([r for r in idb_all(page, "records") if r["entity"] == "child"]) == 75
    assert encodings and set(encodings) <= {"zstd", "gzip"}, encodings


def test_the_next_page_is_asked_for_as_soon_as_a_pages_headers_arrive(live, proxy, phone):
    """The server makes the next page, and the Wi-Fi carries it, while the phone reads
    and stores this one: the proxy sends each page that has more after it as its
    headers alone, and the body only once the phone has asked for the next page. Every
    page is released that way (none waits out the proxy's time), and every record is
    stored, each page after the one before it."""
    page = open_app(phone(), proxy.url)
    pages_of_20(page)
    proxy.hold_pull_bodies = True
    sign_in(page, "health")
    expect(page.locator("li.child")).to_have_count(75)
    cursors = [c for c, _ in proxy.pulls]
    assert len(proxy.held) >= 4 and set(proxy.held) == {"asked ahead"}, proxy.held
    assert cursors == sorted(cursors), cursors  # in order, never a page skipped back
    assert len([r for r in idb_all(page, "records") if r["entity"] == "child"]) == 75
