"""A caregiver given another class by the admin sees that class's roster on her phone at
the next sync, without signing in again; one with no class is told why her list is empty."""
import requests
from playwright.sync_api import expect

from .app import teacher_at_morning
from .harness import api_login, pulled


def give_classes(base_url, username, class_ids):
    admin = api_login(base_url, "admin")
    headers = {"Authorization": f"Bearer {admin['token']}"}
    staff = requests.get(f"{base_url}/api/admin/staff", headers=headers, timeout=10).json()["staff"]
    [user] = [u for u in staff if u["username"] == username]
    r = requests.patch(f"{base_url}/api/admin/staff/{user['id']}", headers=headers, timeout=10,
                       json={"class_ids": class_ids})
    assert r.status_code == 200, r.text


def test_a_caregiver_given_another_class_sees_its_roster_at_the_next_sync(live, phone):
    context = phone()
    page = teacher_at_morning(context, live.url)
    mine = page.locator("section.roster h2").first.inner_text()
    other = next(c for c in pulled(live.url, "class") if c["name"] not in mine)
    give_classes(live.url, "teacher1", [other["id"]])
    context.set_offline(True)
    context.set_offline(False)  # back online: a sync
    expect(page.locator("section.roster h2")).to_have_text([f"{other['name']} 花名册"])
    expect(page.locator("li.child").first).to_be_visible()

    give_classes(live.url, "teacher1", [])
    context.set_offline(True)
    context.set_offline(False)
    expect(page.get_by_test_id("empty-roster")).to_contain_text("你还没有分到班级")
