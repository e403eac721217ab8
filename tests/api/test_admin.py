"""Setting up and running a school: admin changes, audited and fed to the phones."""
import io

import pytest
from openpyxl import Workbook, load_workbook

from server import roster
from tests.conftest import check_args, children_of, stored_rows


def api(phone, method, path, **kw):
    return getattr(phone.client, method)(f"/api/admin{path}", headers=phone.headers, **kw)


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def class_id_of(phone, name):
    return next(c["id"] for c in api(phone, "get", "/classes").get_json()["classes"]
                if c["name"] == name)


def test_only_the_admin_manages_the_school(login_as):
    assert api(login_as("health"), "get", "/classes").status_code == 403
    assert api(login_as("teacher1"), "post", "/classes", json={"name": "x", "grade": "small"}).status_code == 403


def test_a_new_class_reaches_the_phones_and_the_audit(admin, login_as):
    r = api(admin, "post", "/classes", json={"name": "小二班", "grade": "small"})
    assert r.status_code == 201
    health = login_as("health")
    names = [c["data"]["name"] for c in health.pull_all()[0] if c["entity"] == "class"]
    assert "小二班" in names
    [entry] = [a for a in api(admin, "get", "/audit").get_json()["audit"]
               if a["entity"] == "class" and a["action"] == "create"]
    assert entry["after"]["name"] == "小二班" and entry["user_id"] == admin.user["id"]


def test_a_class_name_is_stored_without_the_spaces_around_it(admin):
    r = api(admin, "post", "/classes", json={"name": " 小二班\u3000", "grade": "small"})
    assert r.status_code == 201 and r.get_json()["name"] == "小二班"
    r = api(admin, "post", "/classes", json={"name": "   ", "grade": "small"})
    assert r.status_code == 422 and "name" in r.get_json()["error"]["fields"]


@pytest.mark.parametrize("name", ["小一班", " 小一班 "])
def test_a_second_active_class_of_the_same_name_is_refused(admin, app, name):
    before = stored_rows(app)
    r = api(admin, "post", "/classes", json={"name": name, "grade": "small"})
    assert r.status_code == 409, r.get_json()
    assert r.get_json()["error"]["code"] == "name_taken"
    assert r.get_json()["error"]["fields"] == {"name": ["taken"]}
    r = api(admin, "patch", f"/classes/{class_id_of(admin, '中一班')}", json={"name": name})
    assert r.status_code == 409 and r.get_json()["error"]["fields"] == {"name": ["taken"]}
    assert stored_rows(app) == before


def test_an_inactive_class_leaves_its_name_free_and_cannot_come_back_while_it_is_taken(admin):
    old = api(admin, "post", "/classes", json={"name": "小二班", "grade": "small"}).get_json()
    assert api(admin, "patch", f"/classes/{old['id']}", json={"active": False}).status_code == 200
    assert api(admin, "post", "/classes", json={"name": "小二班", "grade": "small"}).status_code == 201
    r = api(admin, "patch", f"/classes/{old['id']}", json={"active": True})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "name_taken"


def test_a_class_with_children_cannot_be_deleted(admin):
    r = api(admin, "delete", f"/classes/{class_id_of(admin, '小一班')}")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "in_use"


def test_a_class_with_children_cannot_be_closed_nor_a_child_put_in_a_closed_class(admin, app):
    # Closed, its children would leave every roster and the emergency roll-call while
    # still at school.
    full = class_id_of(admin, "小一班")
    before = stored_rows(app)
    r = api(admin, "patch", f"/classes/{full}", json={"active": False})
    assert r.status_code == 422 and "active" in r.get_json()["error"]["fields"]
    assert stored_rows(app) == before
    empty = api(admin, "post", "/classes", json={"name": "托班", "grade": "small"}).get_json()["id"]
    assert api(admin, "patch", f"/classes/{empty}", json={"active": False}).status_code == 200
    kid = next(k for k in api(admin, "get", "/children").get_json()["children"] if k["class_id"] == full)
    r = api(admin, "patch", f"/children/{kid['id']}", json={"class_id": empty})
    assert r.status_code == 422 and "class_id" in r.get_json()["error"]["fields"]
    r = api(admin, "post", "/children", json={"class_id": empty, "name": "新来的"})
    assert r.status_code == 422 and "class_id" in r.get_json()["error"]["fields"]


def test_children_are_deactivated_never_deleted(admin):
    kid = api(admin, "get", "/children").get_json()["children"][0]
    assert api(admin, "delete", f"/children/{kid['id']}").status_code == 409
    r = api(admin, "patch", f"/children/{kid['id']}", json={"active": False})
    assert r.get_json()["active"] is False and r.get_json()["left_on"]


def test_a_child_moved_to_another_class_leaves_the_old_teachers_phone(admin, login_as):
    old, new = login_as("teacher1"), login_as("teacher2")
    _, old_cursor = old.pull_all()
    _, new_cursor = new.pull_all()
    kid = children_of(old)[0]
    target = new.user["class_ids"][0]
    assert api(admin, "patch", f"/children/{kid['id']}", json={"class_id": target}).status_code == 200
    gone = [c for c in old.pull_all(old_cursor)[0] if c["id"] == kid["id"]]
    came = [c for c in new.pull_all(new_cursor)[0] if c["id"] == kid["id"]]
    assert [c["op"] for c in gone] == ["delete"] and came[0]["data"]["class_id"] == target
    history = api(admin, "get", "/audit?entity=child").get_json()["audit"]
    assert history[0]["before"]["class_id"] == kid["class_id"]


def test_a_teacher_given_another_class_starts_her_pull_over(admin, login_as):
    teacher = login_as("teacher1")
    _, cursor = teacher.pull_all()
    other = class_id_of(admin, "中一班")
    r = api(admin, "patch", f"/staff/{teacher.user['id']}", json={"class_ids": [other]})
    assert r.get_json()["class_ids"] == [other]
    assert teacher.pull(cursor).get_json()["reset"] is True
    kids = children_of(teacher)
    assert kids and {k["class_id"] for k in kids} == {other}


def test_another_sites_rows_do_not_exist_for_this_admin(admin, login_as):
    theirs = api(login_as("admin", site="other"), "get", "/children").get_json()["children"][0]
    assert api(admin, "patch", f"/children/{theirs['id']}", json={"name": "x"}).status_code == 404
    r = api(admin, "post", "/children", json={"class_id": theirs["class_id"], "name": "x"})
    assert r.status_code == 422


@pytest.mark.parametrize("path, body, key", [
    ("/rooms", {"name": "活动室", "class_id": "", "volume_m3": 100}, "class_id"),
    ("/pickup-adults", {"child_id": "", "name": "王妈妈", "relation": "妈妈", "phone": "13800000000"},
     "child_id"),
    ("/zones", {"name": "滑梯", "kind": "playground", "responsible_id": ""}, "responsible_id"),
    ("/staff-absences", {"user_id": "", "date_from": "2026-11-02", "date_to": "2026-11-02"},
     "user_id")])
def test_an_empty_reference_names_no_record_and_is_refused(admin, app, path, body, key):
    before = stored_rows(app)
    r = api(admin, "post", path, json=body)
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["fields"] == {key: ["no such record at this school"]}
    kid = api(admin, "get", "/children").get_json()["children"][0]
    r = api(admin, "patch", f"/children/{kid['id']}", json={"class_id": ""})
    assert r.status_code == 422 and "class_id" in r.get_json()["error"]["fields"]
    assert stored_rows(app) == before


def test_a_revoked_device_must_sign_in_again(admin, login_as):
    teacher = login_as("teacher1")
    [device] = [d for s in api(admin, "get", "/staff").get_json()["staff"]
                if s["id"] == teacher.user["id"] for d in s["devices"]]
    assert api(admin, "post", f"/tokens/{device['token_id']}/revoke").status_code == 200
    assert teacher.pull().status_code == 401


def test_the_device_view_flags_a_phone_stuck_on_rejected_changes(admin, login_as):
    teacher = login_as("teacher1")
    kid = children_of(teacher)[0]["id"]
    teacher.results([teacher.mutation("check.record", check_args(kid, "abnormal", temperature=50))])
    [device] = [d for d in api(admin, "get", "/devices").get_json()["devices"]
                if d["client_id"] == teacher.client_id]
    assert "rejected" in device["flags"] and device["user"] == teacher.user["name"]


@pytest.mark.parametrize("zone", ["Asia/Shangai", "Asia", "../etc/passwd"])
def test_the_school_refuses_a_time_zone_that_is_not_one(admin, zone):
    r = api(admin, "patch", "/site", json={"timezone": zone})
    assert r.status_code == 422 and r.get_json()["error"]["fields"] == {
        "timezone": ["unknown time zone"]}
    assert api(admin, "get", "/site").get_json()["timezone"] == "Asia/Shanghai"


def roster_csv(*lines: str) -> bytes:
    return ("姓名,班级,性别,出生日期\n" + "\n".join(lines) + "\n").encode("utf-8-sig")


def upload(admin, content: bytes, name="roster.csv", commit=False, kind="children"):
    return api(admin, "post", f"/import/{kind}{'?commit=1' if commit else ''}",
               data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_a_roster_preview_writes_nothing_and_names_each_refusal(admin):
    before = len(api(admin, "get", "/children").get_json()["children"])
    body = upload(admin, roster_csv("新同学,小一班,女,2022-05-01", "重名,小一班,男,2022-01-01",
                                    "重名,小一班,男,2022-01-02", "未来,小一班,男,2030-01-01",
                                    "无班,火星班,男,2022-01-01")).get_json()
    assert [r["action"] for r in body["rows"]] == ["add", "refused", "refused", "refused", "refused"]
    assert "twice" in body["rows"][1]["reasons"][0] and "unknown class" in body["rows"][4]["reasons"][0]
    assert "1 to 8 years" in body["rows"][3]["reasons"][0]
    assert len(api(admin, "get", "/children").get_json()["children"]) == before


def test_the_same_roster_imported_twice_changes_nothing_the_second_time(admin):
    content = roster_csv("新同学,小一班,女,2022-05-01", "另一个,中一班,男,2021-05-01")
    first = upload(admin, content, commit=True).get_json()
    assert first["committed"] and first["counts"] == {"add": 2}
    second = upload(admin, content, commit=True).get_json()
    assert second["counts"] == {"unchanged": 2}


def test_an_excel_roster_from_the_template_imports(admin):
    template = api(admin, "get", "/import/children/template.xlsx")
    wb = load_workbook(io.BytesIO(template.data))
    assert [c.value for c in wb.active[1]] == ["姓名", "班级", "性别", "出生日期"]
    out = io.BytesIO()
    wb.save(out)
    body = upload(admin, out.getvalue(), "roster.xlsx").get_json()
    assert [r["action"] for r in body["rows"]] == ["add"]


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02binary", "not a spreadsheet"),
    ("名字,年级\n张三,小一班\n".encode(), "missing columns"),
    (b"PK\x03\x04broken zip", "could not be read"),
])
def test_a_file_that_is_not_a_roster_is_refused_with_the_reason(admin, content, message):
    r = upload(admin, content)
    assert r.status_code == 422 and message in r.get_json()["error"]["message"]


def test_staff_are_listed_by_name_with_surnames_read_as_surnames(admin):
    r = api(admin, "post", "/staff", json={"username": "aa-zeng", "name": "曾静",
                                           "role": "caregiver", "password": "first-pass-1"})
    assert r.status_code < 300, r.get_json()
    names = [s["name"] for s in api(admin, "get", "/staff").get_json()["staff"]]
    # Not by user name (aa-zeng, admin, guard, health, teacher1...), and 曾 is Zēng: after
    # 王, before 张, where its usual reading céng would put it first.
    assert names == ["陈老师", "李园长", "刘老师", "王保健", "曾静", "张老师", "赵师傅"]


def test_a_user_name_already_taken_is_refused_saying_so(admin):
    r = api(admin, "post", "/staff", json={"username": "guard", "name": "王门卫",
                                           "role": "guard", "password": "first-pass-1"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "username_taken"
    assert r.get_json()["error"]["fields"] == {"username": ["taken"]}


def test_staff_imported_get_a_first_password_and_can_sign_in(admin, client):
    wb = Workbook()
    wb.active.append(["用户名", "姓名", "角色", "班级"])
    wb.active.append(["teacher9", "孙老师", "保育员", "小一班"])
    out = io.BytesIO()
    wb.save(out)
    body = upload(admin, out.getvalue(), "staff.xlsx", commit=True, kind="staff").get_json()
    password = body["passwords"]["teacher9"]
    r = client.post("/api/auth/login", json={"site": "demo", "username": "teacher9",
                                              "password": password, "device_id": "d-12345678"})
    assert r.status_code == 200 and r.get_json()["user"]["role"] == "caregiver"


def staff_csv(*lines: str, heading="用户名,姓名,角色,班级") -> bytes:
    return (heading + "\n" + "\n".join(lines) + "\n").encode("utf-8-sig")


@pytest.mark.parametrize("change", [{"role": "caregiver"}, {"active": False},
                                    {"role": "guard", "active": False}])
def test_the_admin_cannot_take_her_own_admin_access_away(admin, change):
    r = api(admin, "patch", f"/staff/{admin.user['id']}", json=change)
    assert r.status_code == 409 and "your own admin access" in r.get_json()["error"]["message"]
    assert api(admin, "get", "/staff").status_code == 200


def test_a_staff_import_refuses_the_row_taking_admin_access_from_the_admin_importing_it(admin):
    content = staff_csv("admin,李园长,教师,", "teacher9,孙老师,保育员,小一班")
    preview = upload(admin, content, kind="staff").get_json()
    assert [r["action"] for r in preview["rows"]] == ["refused", "add"]
    assert preview["rows"][0]["reasons"] == ["you cannot take away your own admin access"]
    body = upload(admin, content, kind="staff", commit=True).get_json()
    assert body["committed"] and list(body["passwords"]) == ["teacher9"]
    me = next(s for s in api(admin, "get", "/staff").get_json()["staff"]
              if s["id"] == admin.user["id"])
    assert me["role"] == "admin" and me["active"]


def test_a_staff_import_may_take_admin_access_from_another_admin(admin):
    r = api(admin, "post", "/staff", json={"username": "deputy", "name": "周副园长",
                                           "role": "admin", "password": "first-pass-1"})
    assert r.status_code == 201
    body = upload(admin, staff_csv("deputy,周副园长,保健老师,"), kind="staff",
                  commit=True).get_json()
    assert body["rows"][0]["changes"]["role"] == ["admin", "health"]
    deputy = next(s for s in api(admin, "get", "/staff").get_json()["staff"]
                  if s["username"] == "deputy")
    assert deputy["role"] == "health"


def test_a_roster_cannot_leave_the_school_without_an_active_admin(session, demo):
    rows = roster.preview(session, demo["site_id"], "staff",
                          [(2, {"username": "admin", "name": "李园长", "role": "门卫"})])
    assert rows[0].action == "refused"
    assert rows[0].reasons == ["the school would have no active admin"]


def classes_of(admin, username):
    staff = api(admin, "get", "/staff").get_json()["staff"]
    return next(s["class_ids"] for s in staff if s["username"] == username)


def test_a_staff_list_without_a_classes_column_leaves_everyones_classes_as_they_are(admin):
    before = classes_of(admin, "teacher1")
    content = staff_csv("teacher1,张老师,保育员", "teacher2,刘老师,教师", heading="用户名,姓名,角色")
    body = upload(admin, content, kind="staff", commit=True).get_json()
    assert body["counts"] == {"unchanged": 2} and body["rows"][0]["data"]["classes"] is None
    assert classes_of(admin, "teacher1") == before and before


def test_a_classes_column_changes_classes_and_the_preview_names_them(admin):
    rows = upload(admin, staff_csv("teacher1,张老师,保育员,中一班，小一班", "teacher2,刘老师,保育员,",
                                   "teacher3,陈老师,保育员"), kind="staff").get_json()["rows"]
    assert [r["changes"] for r in rows] == [
        {"classes": [["小一班"], ["小一班", "中一班"]]},
        {"classes": [["中一班"], []]},  # an empty cell: no class
        {"classes": [["大一班"], []]}]  # a row that stops short: its cell is empty
    upload(admin, staff_csv("teacher2,刘老师,保育员,"), kind="staff", commit=True)
    assert classes_of(admin, "teacher2") == []


@pytest.mark.parametrize("username", ["张老师", "li na", "x", "x" * 65])
def test_a_staff_import_refuses_the_user_names_the_staff_form_refuses(admin, username):
    r = api(admin, "post", "/staff", json={"username": username, "name": "新老师",
                                           "role": "caregiver", "password": "first-pass-1"})
    assert r.status_code == 422 and "username" in r.get_json()["error"]["fields"]
    content = ("用户名,姓名,角色\n" + f'"{username}",新老师,保育员\n').encode()
    [row] = upload(admin, content, kind="staff").get_json()["rows"]
    assert row["action"] == "refused"
    assert row["reasons"] == [f"user name {username!r}: letters, digits, _ . - (2 to 64)"]


def children_by_class(admin) -> dict[str, list[dict]]:
    names = {c["id"]: c["name"] for c in api(admin, "get", "/classes").get_json()["classes"]}
    out: dict[str, list[dict]] = {}
    for kid in api(admin, "get", "/children").get_json()["children"]:
        if kid["active"]:
            out.setdefault(names[kid["class_id"]], []).append(kid)
    return out


def test_a_child_the_roster_puts_in_another_class_is_moved_not_added(admin, login_as):
    teacher = login_as("teacher1")
    _, cursor = teacher.pull_all()
    kid = children_by_class(admin)["小一班"][0]
    content = roster_csv(f"{kid['name']},中一班")
    [row] = upload(admin, content).get_json()["rows"]
    assert row["action"] == "change" and row["changes"] == {"class": ["小一班", "中一班"]}
    before = len(api(admin, "get", "/children").get_json()["children"])
    assert upload(admin, content, commit=True).get_json()["committed"]
    assert len(api(admin, "get", "/children").get_json()["children"]) == before
    assert kid["id"] in [k["id"] for k in children_by_class(admin)["中一班"]]
    gone = [c for c in teacher.pull_all(cursor)[0] if c["id"] == kid["id"]]
    assert [c["op"] for c in gone] == ["delete"]  # off her old teacher's phone


def test_a_school_year_roster_moving_every_class_up_keeps_the_same_children(admin):
    by_class = children_by_class(admin)
    count = sum(map(len, by_class.values()))
    lines = [f"{k['name']},{up},,{k['birthday']}" for old, up in (("小一班", "中一班"),
                                                                  ("中一班", "大一班"))
             for k in by_class[old]]
    body = upload(admin, roster_csv(*lines), commit=True).get_json()
    assert body["counts"] == {"change": len(lines)}
    after = children_by_class(admin)
    assert sum(map(len, after.values())) == count and "小一班" not in after
    assert len(after["中一班"]) == len(by_class["小一班"])


def test_a_name_two_children_share_is_refused_until_a_birth_date_tells_which(admin):
    small, middle = class_id_of(admin, "小一班"), class_id_of(admin, "中一班")
    for class_id, birthday in ((small, "2022-03-15"), (middle, "2021-04-20")):
        r = api(admin, "post", "/children", json={"class_id": class_id, "name": "王小明",
                                                  "birthday": birthday})
        assert r.status_code == 201
    rows = [upload(admin, roster_csv(line)).get_json()["rows"][0] for line in (
        "王小明,大一班", "王小明,大一班,男,2021-04-20", "王小明,小一班")]
    assert rows[0]["action"] == "refused"
    assert rows[0]["reasons"][0].startswith("2 children of this name at this school (小一班, 中一班)")
    assert rows[1]["action"] == "change" and rows[1]["changes"]["class"] == ["中一班", "大一班"]
    assert rows[2]["action"] == "unchanged"  # the one already in the row's class


def test_two_rows_of_one_child_are_both_refused(admin):
    kid = children_by_class(admin)["小一班"][0]
    rows = upload(admin, roster_csv(f"{kid['name']},中一班", f"{kid['name']},大一班")).get_json()["rows"]
    assert [r["action"] for r in rows] == ["refused", "refused"]
    assert rows[0]["reasons"] == ["line 3 is the same child: keep one of the two rows"]
