"""The admin sees every phone that has synced, and a phone stuck on a rejected change is
flagged; a new member of staff added in the app gets a first password and can sign in."""
from playwright.sync_api import expect

from .app import backoff_cap, idb_setting, kept_offline, open_app, queue_check, sign_in
from .test_admin_import import admin_screen


def test_a_phone_with_rejected_changes_is_flagged_on_the_device_view(live, phone):
    teacher = open_app(phone(), live.url)
    backoff_cap(teacher)
    sign_in(teacher, "teacher1")
    queue_check(teacher)  # a child the school does not have: the server rejects it
    teacher.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(teacher.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    client_id = idb_setting(teacher, "device_id")

    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "devices")
    row = page.locator(f'tr[data-client="{client_id}"]')
    expect(row).to_have_class("flagged")
    expect(row.locator('[data-flag="rejected"]')).to_have_text("有被拒的修改")
    expect(page.get_by_test_id("flagged")).to_be_visible()


def add_staff(page, username: str, name: str, password: str, class_name: str | None = None):
    """Add a caregiver with the staff screen's form (the screen is open)."""
    form = page.locator("#add-staff")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("姓名").fill(name)
    form.get_by_label("角色").select_option("caregiver")
    if class_name:
        form.get_by_label(class_name).check()
    form.get_by_label("初始密码（至少 8 位）").fill(password)
    form.get_by_role("button", name="添加").click()


def test_staff_added_in_the_app_signs_in_with_the_first_password(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "staff")
    add_staff(page, "teacher7", "吴老师", "first-pass-7", "小一班")
    expect(page.locator("#main .admin-table tr", has_text="teacher7")).to_have_count(1)

    other = open_app(phone(), live.url)
    sign_in(other, "teacher7", password="first-pass-7")


def test_the_staff_table_lists_people_by_name(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "staff")
    add_staff(page, "aa-zeng", "曾静", "first-pass-8")
    # By name, 曾 read as the surname Zēng; not by user name, where aa-zeng came first.
    expect(page.locator("#main .admin-table a.row-link")).to_have_text(
        ["陈老师", "李园长", "刘老师", "王保健", "曾静", "张老师", "赵师傅"])


def test_offline_the_admin_screens_say_they_need_the_network(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    sign_in(page, "admin")
    kept_offline(page, "admin")  # the admin's screens open offline (and say they need the network)
    ctx.set_offline(True)
    admin_screen(page, "devices")
    expect(page.get_by_test_id("admin-error")).to_contain_text("没有网络")
    ctx.set_offline(False)
    page.get_by_role("button", name="重试").click()
    expect(page.locator("#main .admin-table")).to_be_visible()


def test_only_the_admin_has_the_admin_entry(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    expect(page.get_by_role("link", name="管理", exact=True)).to_have_count(0)
    page.evaluate("location.hash = '#/admin/staff'")
    expect(page.locator('#main .admin-table')).to_have_count(0)
    expect(page.locator("#main")).to_contain_text("没有权限")
