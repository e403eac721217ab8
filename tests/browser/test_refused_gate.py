"""At the gate a pick-up the server refused did not happen: the child still waits on her
class's pick-up list and is still counted at the roll-call, her row marked with the refusal
and the way to the rejected list."""
import datetime as dt

from playwright.sync_api import expect

from .app import queue_refused, today_at_school
from .test_gate_visitors import go, staff_phone


def queue_refused_pickup(page, child_id):
    """A pick-up by a minor, queued past the form (which says no itself): the server refuses."""
    date = today_at_school(page)
    kid = page.evaluate("id => import('/db.js').then(d => d.db()).then(d => d.get('records', id))", child_id)
    pid = page.evaluate("""async ([child, date]) => {
      const { naturalId } = await import('/ids.js');
      const { currentUser } = await import('/session.js');
      return naturalId((await currentUser()).site_id, 'pickup', child, date);
    }""", [child_id, date])
    at = dt.datetime.now().astimezone().isoformat()
    args = {"child_id": child_id, "date": date, "adult_name": "小明", "relation": "哥哥", "minor": True, "card": False,
            "confirmation": {"by": "妈妈", "how": "phone_call", "at": at}}
    return queue_refused(page, "pickup.record", args, {
        "id": pid, "entity": "pickup", "child_id": child_id, "class_id": kid["class_id"], "date": date,
        "adult_id": None, "adult_name": "小明", "relation": "哥哥", "listed": False, "card": False,
        "confirmed_by": "妈妈", "confirmed_how": "phone_call", "confirmed_at": at})


def test_a_refused_pick_up_leaves_the_child_waiting_and_marked(live, phone):
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/pickup")
    guard.locator(".pickup-classes a").first.click()
    class_id = guard.locator(".pickup").get_attribute("data-class")
    child_id = guard.locator("#remaining li.child").first.get_attribute("data-child")
    queue_refused_pickup(guard, child_id)
    expect(guard.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    go(guard, "#/")
    go(guard, f"#/pickup/{class_id}")
    row = guard.locator(f"#remaining li[data-child='{child_id}']")
    expect(row.get_by_test_id("rejected")).to_be_visible()
    expect(guard.locator(f"#gone li[data-child='{child_id}']")).to_have_count(0)

    go(guard, "#/rollcall")
    expect(guard.locator(f"li[data-person='{child_id}']")).to_have_count(1)
