"""The printed forms: the school's name in Chinese as text, the records' figures and who
recorded each line, a page that is not blank, and a period with no records says so."""
import datetime as dt
import io

from types import SimpleNamespace

import pypdfium2
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.extensions import db
from server.models import Medicine
from server.printouts import forms

from tests.conftest import calendar_day
from tests.printouts.records import checks, school, write

MONTH = "2026-11"
DAY = dt.date(2026, 11, 3)
SCHOOL = "三关示范幼儿园"


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def ink(pdf: bytes) -> int:
    """Non-white pixels on the first page, rendered."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    return sum(image.histogram()[:200])


def get_pdf(phone, url):
    r = phone.client.get(url, headers=phone.headers)
    assert r.status_code == 200, r.get_json()
    assert r.mimetype == "application/pdf"
    return r.data


@pytest.fixture
def small(app, demo):
    return school(app, demo["site_id"])["小一班"]


def test_the_morning_and_noon_record_holds_the_school_the_children_and_who_checked(
        app, small, login_as):
    sick = {"0": {"status": "abnormal", "temperature": 38.2, "symptoms": ["fever"],
                  "action": "isolate"},
            "1": {"status": "absent", "absence_reason": "ill"}}
    write(app, "teacher1", checks(small, DAY, **sick))
    write(app, "health", checks(small, DAY, "noon"))
    pdf = get_pdf(login_as("teacher1"),
                  f"/api/printouts/health-checks.pdf?class_id={small['id']}&month={MONTH}")
    text = text_of(pdf)
    assert SCHOOL in text and "幼儿晨午检记录表" in text and "小一班" in text
    assert "38.2℃ 发热 →隔离" in text and "病假" in text
    assert "张老师" in text and "王保健" in text      # who checked, morning and noon
    assert "班主任（签字）" in text
    assert ink(pdf) > 5000


def test_the_disinfection_sheet_marks_a_round_below_the_minimum_and_its_recorder(
        app, small, login_as):
    write(app, "teacher1", [("disinfection.record", {
        "room_id": small["room"], "date": DAY.isoformat(), "item": "surfaces_toys", "round": 1,
        "method": "chlorine", "amount": 200})])
    pdf = get_pdf(login_as("health"),
                  f"/api/printouts/disinfection.pdf?class_id={small['id']}&month={MONTH}")
    text = text_of(pdf)
    assert SCHOOL in text and "班级卫生消毒检查记录表" in text
    assert "含氯消毒液" in text and "200 mg/L" in text and "低于标准" in text and "张老师" in text
    assert ink(pdf) > 5000


def test_the_medicine_register_says_each_dose_given_by_whom_or_missed(app, demo, small, login_as):
    """Two doses handed over at the morning check, the first given five minutes late by the
    caregiver, the second never: on paper both, and the month's count."""
    morning = dt.datetime.fromisoformat(f"{DAY}T08:05:00+08:00")
    write(app, "teacher1", [("medicine.record", {
        "child_id": small["children"][0], "date": DAY.isoformat(), "medicine": "小儿止咳糖浆",
        "dose": "5 ml", "times": ["10:00", "14:30"], "handed_by": "妈妈", "note": "饭后服"})],
        at=morning)
    with app.app_context():
        med = db.session.execute(select(Medicine.id)).scalar_one()
    write(app, "teacher1", [("medicine.give", {"medicine_id": med,
                                               "at": f"{DAY}T10:05:00+08:00"})],
          at=morning + dt.timedelta(hours=2))
    pdf = get_pdf(login_as("health"),
                  f"/api/printouts/medicine.pdf?class_id={small['id']}&month={MONTH}")
    text = text_of(pdf)
    assert SCHOOL in text and "幼儿服药记录表" in text and "小一班" in text
    assert "小儿止咳糖浆" in text and "5 ml" in text and "妈妈" in text and "饭后服" in text
    assert "10:00 已服（10:05 张老师）" in text and "14:30 未服" in text
    assert "张老师 08:05" in text  # who took it over from the parent, and when
    assert "应服 2 次：已服 1 次，未服 1 次" in text
    assert "班主任（签字）" in text and ink(pdf) > 5000
    other = school(app, demo["site_id"])["中一班"]
    assert "没有服药记录" in text_of(get_pdf(
        login_as("health"), f"/api/printouts/medicine.pdf?class_id={other['id']}&month={MONTH}"))


def test_a_dose_is_given_missed_or_still_to_come_by_the_school_clock():
    """The first n times are the n doses given; a later one missed once its time has
    passed, to come before; a dose given beyond the times is said as extra."""
    tz = "Asia/Shanghai"
    med = SimpleNamespace(date=DAY, times=["08:30", "12:00", "18:00"], given=[
        {"at": f"{DAY}T00:40:00+00:00", "by": "u1"}])
    at_noon = dt.datetime.fromisoformat(f"{DAY}T12:00:00+08:00")
    assert forms._doses(med, {"u1": "张老师"}, tz, at_noon) == (
        ["08:30 已服（08:40 张老师）", "12:00 未服", "18:00 待服"], 1, 1)
    next_day = at_noon + dt.timedelta(days=1)
    assert forms._doses(med, {}, tz, next_day)[1:] == (1, 2)
    med.given = [{"at": f"{DAY}T0{h}:00:00+00:00", "by": "u1"} for h in range(4)]
    doses, given, missed = forms._doses(med, {"u1": "张老师"}, tz, next_day)
    assert doses[-1] == "加服 11:00 张老师" and (given, missed) == (3, 0)


def test_the_visitor_register_masks_the_id_number(app, demo, login_as):
    guard = login_as("guard")
    host = login_as("teacher1").user["id"]
    write(app, "guard", [("visitor.register", {
        "id": "6f1d8a52-1111-4a8e-9c55-0a0b0c0d0e0f", "date": DAY.isoformat(), "name": "孙维修",
        "id_type": "cn_id", "id_number": "11010519491231002X", "organisation": "市政公司",
        "purpose": "检修水管", "host_id": host, "people": 1})])
    text = text_of(get_pdf(guard, f"/api/printouts/visitors.pdf?month={MONTH}"))
    assert SCHOOL in text and "外来人员登记表" in text
    assert "孙维修" in text and "检修水管" in text and "赵师傅" in text
    assert "11010519491231002X" not in text


def test_the_gate_log_says_when_each_gate_time_was_kept(app, demo, login_as):
    """A Tuesday opened a minute late and closed on time, its afternoon never logged; a
    holiday's opening on a line of its own; the days before the first logged one left out."""
    admin = login_as("admin")
    holiday = DAY + dt.timedelta(days=1)
    calendar_day(admin, holiday.isoformat(), "holiday")
    for day, at, kind in ((DAY, "07:31", "open"), (DAY, "08:44", "close"), (holiday, "09:10", "open")):
        write(app, "guard", [("gate.event", {"kind": kind})],
              at=dt.datetime.fromisoformat(f"{day}T{at}:00+08:00"))
    text = text_of(get_pdf(login_as("guard"), f"/api/printouts/gate.pdf?month={MONTH}"))
    assert SCHOOL in text and "门卫开关门记录表" in text and "赵师傅" in text
    assert "11月3日" in text and "11月2日" not in text  # the log starts with its first entry
    assert "迟 1 分钟" in text and "按时" in text and "未记录" in text
    assert "（无规定时间）" in text and "09:10" in text
    assert "没有开关门记录" in text_of(get_pdf(admin, "/api/printouts/gate.pdf?month=2025-02"))


def test_the_hazard_ledger_lists_the_hazard_from_finding_to_recheck(app, demo, login_as):
    teacher = login_as("teacher1")
    write(app, "teacher1", [("hazard.report", {
        "id": "7a2e9b61-2222-4c3d-8e4f-5a6b7c8d9e0f", "what": "滑梯螺丝松动", "severity": "high"})])
    text = text_of(get_pdf(login_as("admin"), "/api/printouts/hazards.pdf"))
    assert SCHOOL in text and "安全隐患排查整改台账" in text
    assert "滑梯螺丝松动" in text and "重大" in text and teacher.user["name"] in text


@pytest.mark.parametrize("form", ["health-checks", "disinfection"])
def test_a_month_with_no_records_says_so(small, login_as, form):
    pdf = get_pdf(login_as("admin"),
                  f"/api/printouts/{form}.pdf?class_id={small['id']}&month=2025-02")
    text = text_of(pdf)
    assert SCHOOL in text and "2025年2月小一班没有" in text


def test_the_empty_visitor_register_and_ledger_say_so(login_as):
    admin = login_as("admin")
    assert "没有外来人员登记记录" in text_of(get_pdf(admin, "/api/printouts/visitors.pdf?month=2025-02"))
    assert "本期没有隐患记录" in text_of(get_pdf(admin, "/api/printouts/hazards.pdf?month=2025-02"))


def test_a_rare_character_in_a_name_prints_from_the_full_font(app, demo, small, login_as):
    """䶮 (U+4DAE) is outside GB2312: the working copy lacks it, the fallback has it."""
    from server.extensions import db
    from server.models import Child
    from sync import Change, record_changes
    with app.app_context():  # renamed, and the feed told, as the admin's edit does
        db.session.get(Child, small["children"][0]).name = "刘䶮"
        record_changes(db.session, demo["site_id"], [Change("child", small["children"][0],
                                                            class_id=small["id"])])
        db.session.commit()
    write(app, "teacher1", checks(small, DAY, n=1))
    text = text_of(get_pdf(login_as("admin"),
                           f"/api/printouts/health-checks.pdf?class_id={small['id']}&month={MONTH}"))
    assert "刘䶮" in text


def test_the_morning_and_noon_record_lists_the_children_as_the_phone_does(app, demo, small,
                                                                          login_as):
    """By pinyin (server/school.py person_key), not by the code points ORDER BY gave: 邓
    before 冯, where 冯 came first; and 曾 under Z."""
    from server.models import Child
    from server.school import person_key
    write(app, "teacher1", checks(small, DAY))
    with app.app_context():
        kids = db.session.execute(select(Child.name, Child.id).where(
            Child.id.in_(small["children"]))).all()
    expected = [n for n, _ in sorted(kids, key=lambda k: (person_key(k[0]), k[1]))]
    assert expected != sorted(expected)  # the demo's names tell the two orders apart
    text = text_of(get_pdf(login_as("teacher1"),
                           f"/api/printouts/health-checks.pdf?class_id={small['id']}&month={MONTH}"))
    rows = [line.split() for line in text.splitlines()]
    listed = [r[1] for r in rows if len(r) > 1 and r[0].isdigit() and r[1] in expected]
    assert listed[:len(expected)] == expected
