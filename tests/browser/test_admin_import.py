"""The admin imports a roster in the app: the preview names every refused row and why,
nothing is written before confirming, and after confirming the new children are on the
admin's list and, after a pull, on their teacher's roster."""
import requests
from playwright.sync_api import expect

from .app import open_app, sign_in
from .harness import api_login

GOOD_AND_BAD = "\n".join([
    "姓名,班级,性别,出生日期",
    "林新新,小一班,女,2022-05-01",
    "周新新,小一班,男,2022-03-11",
    "重名,小一班,男,2022-01-01",
    "重名,小一班,男,2022-01-02",
    "未来,小一班,男,2030-01-01",
    "无班,火星班,男,2022-01-01",
]) + "\n"


def admin_screen(page, section: str):
    """Open an admin screen by its address and wait until it is drawn."""
    page.evaluate("s => { location.hash = '#/admin/' + s; }", section)
    name = section.split("?")[0] or "home"
    name = name if name.count("/") == 0 else name.split("/")[0] + "/item"
    expect(page.locator(f'#main .admin[data-section="{name}"]')).to_be_visible()


def server_children(base_url: str) -> list[dict]:
    token = api_login(base_url, "admin")["token"]
    return requests.get(f"{base_url}/api/admin/children", timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).json()["children"]


def test_the_preview_names_refused_rows_and_writes_nothing_until_confirmed(live, phone):
    teacher = open_app(phone(), live.url)
    sign_in(teacher, "teacher1")
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    page.get_by_role("link", name="管理", exact=True).click()
    expect(page.locator('#main .admin[data-section="home"]')).to_be_visible()
    page.get_by_role("link", name="导入名单").click()
    expect(page.locator('#main .admin[data-section="import"]')).to_be_visible()
    before = len(server_children(live.url))

    page.set_input_files("#import-file", files=[{"name": "roster.csv", "mimeType": "text/csv",
                                                 "buffer": GOOD_AND_BAD.encode("utf-8-sig")}])
    page.get_by_role("button", name="预览").click()
    rows = page.locator("tr[data-line]")
    expect(rows).to_have_count(6)
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.action)") == [
        "add", "add", "refused", "refused", "refused", "refused"]
    expect(page.locator('tr[data-line="4"] .reasons')).to_contain_text("姓名重复")
    expect(page.locator('tr[data-line="6"] .reasons')).to_contain_text("1 到 8 岁")
    expect(page.locator('tr[data-line="7"] .reasons')).to_contain_text("没有这个班级：'火星班'")
    expect(page.get_by_test_id("import-state")).to_have_attribute("data-committed", "false")
    assert len(server_children(live.url)) == before  # the preview wrote nothing

    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-state")).to_have_attribute("data-committed", "true")
    names = {c["name"] for c in server_children(live.url)}
    assert {"林新新", "周新新"} <= names and not names & {"重名", "未来", "无班"}
    assert len(names) >= before + 2

    admin_screen(page, "children")
    expect(page.locator("#main .admin-table tr", has_text="林新新")).to_have_count(1)
    admin_screen(page, "audit?entity=child")
    expect(page.locator('tr[data-action="import"]')).to_have_count(2)
    teacher.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(teacher.locator("li.child", has_text="周新新")).to_be_visible()


def test_a_bad_file_is_refused_with_the_reason_and_the_same_roster_twice_changes_nothing(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "import")
    page.set_input_files("#import-file", files=[{"name": "photo.csv", "mimeType": "text/csv",
                                                 "buffer": b"\x00\x01binary"}])
    page.get_by_role("button", name="预览").click()
    expect(page.locator("#import-error")).to_contain_text("这不是表格文件")

    good = "姓名,班级,性别,出生日期\n林新新,小一班,女,2022-05-01\n".encode()
    for expected in ("add", "unchanged"):
        page.set_input_files("#import-file", files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": good}])
        page.get_by_role("button", name="预览").click()
        expect(page.locator("tr[data-line]")).to_have_attribute("data-action", expected)
        if expected == "add":
            page.get_by_test_id("import-confirm").click()
            expect(page.get_by_test_id("import-state")).to_have_attribute("data-committed", "true")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)  # nothing left to write


def test_imported_staff_see_their_first_password_once_and_can_sign_in(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "import?kind=staff")
    expect(page.locator("#import-kind")).to_have_value("staff")
    roster = "用户名,姓名,角色,班级\nteacher8,钱老师,保育员,小一班\nguard2,孙师傅,厨师,\n"
    page.set_input_files("#import-file", files=[{"name": "staff.csv", "mimeType": "text/csv",
                                                 "buffer": roster.encode()}])
    page.get_by_role("button", name="预览").click()
    expect(page.locator('tr[data-line="3"] .reasons')).to_contain_text("没有这个角色")
    page.get_by_test_id("import-confirm").click()
    passwords = page.get_by_test_id("passwords")
    expect(passwords.locator("tr", has_text="teacher8")).to_have_count(1)
    password = passwords.locator("tr", has_text="teacher8").locator("code").text_content()

    admin_screen(page, "staff")  # shown once: gone from every other screen
    expect(page.get_by_test_id("passwords")).to_have_count(0)
    teacher = open_app(phone(), live.url)
    sign_in(teacher, "teacher8", password=password)


def test_a_child_moved_to_another_class_leaves_the_old_teachers_roster(live, phone):
    teacher = open_app(phone(), live.url)
    sign_in(teacher, "teacher1")
    child_id = teacher.locator("li.child").first.get_attribute("data-child")
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, f"children/{child_id}")
    page.locator("#edit-child-class_id").select_option(label="中一班")
    page.locator("#edit-child").get_by_role("button", name="保存").click()
    expect(page.locator("#live")).to_have_text("已保存")
    teacher.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(teacher.locator(f'li.child[data-child="{child_id}"]')).to_have_count(0)
    admin_screen(page, "audit?entity=child")
    expect(page.locator("tr[data-action=update]").first).to_contain_text("小一班 → 中一班")


def test_the_staff_preview_names_changed_fields_and_classes_in_the_admins_words(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "import?kind=staff")
    roster = ("用户名,姓名,角色,班级\nteacher1,张老师,保健老师,\"中一班，小一班\"\n"
              "teacher2,刘老师,保育员,\n\"li na\",李娜,保育员,\n")
    page.set_input_files("#import-file", files=[{"name": "staff.csv", "mimeType": "text/csv",
                                                 "buffer": roster.encode()}])
    page.get_by_role("button", name="预览").click()
    first = page.locator('tr[data-line="2"] .diff')
    expect(first.locator('[data-field="role"]')).to_have_text("角色：保育员/教师 → 保健老师")
    expect(first.locator('[data-field="classes"]')).to_have_text("班级：小一班 → 小一班、中一班")
    expect(page.locator('tr[data-line="3"] [data-field="classes"]')).to_have_text("班级：中一班 → （无）")
    expect(page.locator('tr[data-line="4"] .reasons')).to_contain_text("用户名 'li na' 不符合要求")

    without = "用户名,姓名,角色\nteacher1,张老师,教师\n"  # no 班级 column: classes stay
    page.set_input_files("#import-file", files=[{"name": "staff.csv", "mimeType": "text/csv",
                                                 "buffer": without.encode()}])
    page.get_by_role("button", name="预览").click()
    expect(page.locator('tr[data-line="2"]')).to_have_attribute("data-action", "unchanged")
