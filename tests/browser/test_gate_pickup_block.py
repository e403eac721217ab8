"""The block list at pick-up, on the guard's phone: an adult on it (not on the child's list,
or on it and put on the block list later) is stopped before anything is saved, with the
entry's reason, offline too; an unlisted adult cannot confirm his own pick-up."""
import uuid

from playwright.sync_api import expect

from .app import eventually, expect_waiting, idb_all, kept_offline
from .harness import push
from .test_gate_visitors import VALID_ID, go, staff_phone, sync

REASON = "法院禁令：不得接走张小宝"


def blocked(name, **kw):
    return ("blocklist.put", {"id": str(uuid.uuid4()), "name": name, "reason": REASON, **kw})


def a_child(guard):
    """A child still waiting at the first class's pick-up screen: (id, listed adult's name)."""
    go(guard, "#/pickup")
    guard.locator(".pickup-classes a").first.click()
    kid = guard.locator("#remaining li.child").first.get_attribute("data-child")
    go(guard, f"#/pickup-child/{kid}")
    adult = guard.locator("button[data-adult]").first.inner_text().split("（")[0]
    return kid, adult


def other_adult(guard, name, confirmed_by):
    guard.fill("#pk-name", name)
    guard.fill("#pk-relation", "爸爸")
    guard.fill("#pk-conf", confirmed_by)
    guard.select_option("#pk-how", "in_person")
    guard.get_by_role("button", name="家长已确认，记录接走").click()


def nothing_saved(guard, kid):
    expect(guard.locator("#main[data-screen=pickup-child]")).to_be_visible()
    expect_waiting(guard, 0)
    assert [r for r in idb_all(guard, "records") if r.get("entity") == "pickup"
            and r.get("child_id") == kid] == []


def test_an_adult_on_the_block_list_is_stopped_with_the_reason_offline(live, phone):
    guard = staff_phone(phone, live, "guard")
    kid, listed = a_child(guard)
    # 张大伟 with his ID number (at the gate he shows none); the listed adult put on it later.
    push(live.url, "admin", blocked("张大伟", id_number=VALID_ID), blocked(listed))
    sync(guard)
    assert eventually(lambda: len([r for r in idb_all(guard, "records")
                                   if r.get("entity") == "block_entry"]) == 2)
    kept_offline(guard, "guard")
    guard.context.set_offline(True)
    go(guard, "#/gate")
    go(guard, f"#/pickup-child/{kid}")
    other_adult(guard, "张大伟", "孩子妈妈")
    alarm = guard.get_by_test_id("pickup-blocked")
    expect(alarm).to_contain_text("张大伟")
    expect(alarm).to_contain_text(REASON)
    expect(alarm).to_contain_text("园长")
    expect(guard.get_by_test_id("pickup-override")).to_have_count(0)  # no way past for the guard
    nothing_saved(guard, kid)
    guard.locator("button[data-adult]").first.click()
    expect(alarm).to_contain_text(listed)
    expect(alarm).to_contain_text(REASON)
    nothing_saved(guard, kid)


def test_an_unlisted_adult_cannot_confirm_his_own_pick_up(live, phone):
    guard = staff_phone(phone, live, "guard")
    kid, _ = a_child(guard)
    other_adult(guard, "王叔叔", "王叔叔本人")
    expect(guard.get_by_test_id("pickup-error")).to_contain_text("不能是接送人本人")
    nothing_saved(guard, kid)
    other_adult(guard, "王叔叔", "孩子妈妈")
    expect(guard.locator(f"#gone li[data-child='{kid}']")).to_contain_text("非登记接送人")


def test_only_the_admin_hands_over_anyway_after_a_tick_and_it_shows(live, phone):
    push(live.url, "admin", blocked("张大伟", id_number=VALID_ID))
    admin = staff_phone(phone, live, "admin")
    sync(admin)
    assert eventually(lambda: any(r.get("entity") == "block_entry" for r in idb_all(admin, "records")))
    kid, _ = a_child(admin)
    other_adult(admin, "张大伟", "孩子妈妈")
    override = admin.get_by_test_id("pickup-override")
    expect(override).to_be_disabled()  # never the default
    admin.check("#pk-override")
    override.click()
    expect(admin.locator(f"#gone li[data-child='{kid}']")).to_contain_text("越过黑名单")
    expect_waiting(admin, 0)  # the server took it
