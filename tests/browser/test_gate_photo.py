"""A visitor's optional photo, taken at the gate with the server down: kept on the phone,
shown on the pass and in the lists at once, uploaded and attached once the server is back."""
from playwright.sync_api import expect

from .app import eventually, expect_waiting, idb_all, kept_offline
from .harness import api_login, pulled
from .test_gate_visitors import go, register, staff_phone, sync
from .zones_helpers import blob, photo_jpeg


def loaded(locator):
    """The <img> has a picture in it (from the phone's store or the server)."""
    locator.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=locator.element_handle())


def test_a_visitor_photo_taken_offline_is_shown_and_uploaded_later(live, phone, tmp_path):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    kept_offline(guard, "guard")
    live.stop()
    go(guard, "#/visitor-new")
    guard.set_input_files("#v-photo", str(photo_jpeg(tmp_path, (2000, 3000))))
    thumbs = guard.locator("form.visitor-form img.zthumb")
    expect(thumbs).to_have_count(1)
    first = thumbs.get_attribute("data-sha")
    guard.set_input_files("#v-photo", str(photo_jpeg(tmp_path, (1200, 900), "second.jpg")))  # replaces the first
    expect(thumbs).not_to_have_attribute("data-sha", first)
    expect(thumbs).to_have_count(1)
    assert eventually(lambda: len(idb_all(guard, "blobs")) == 1)  # the replaced one is gone
    [kept] = idb_all(guard, "blobs")
    assert kept["sha256"] == thumbs.get_attribute("data-sha")
    vid = register(guard, host_id, name="带照片的访客", pushed=False)
    photo = guard.locator(".pass .visitor-photo img")
    expect(photo).to_have_attribute("alt", "带照片的访客的照片")
    loaded(photo)
    go(guard, "#/visitors")
    loaded(guard.locator(f"#today li[data-visitor='{vid}'] .visitor-thumb img"))
    [m] = idb_all(guard, "outbox")
    assert m["args"]["photo"] == kept["sha256"]

    live.start()
    sync(guard)
    expect_waiting(guard, 0)
    [v] = pulled(live.url, "visitor")
    assert v["id"] == vid and v["photo"] == kept["sha256"]
    assert blob(live.url, kept["sha256"]).size == (1200, 900)
    assert [b["sha256"] for b in idb_all(guard, "blobs")] == []
    go(guard, f"#/visitor/{vid}")                       # now from the server
    loaded(guard.locator(".pass .visitor-photo img"))
