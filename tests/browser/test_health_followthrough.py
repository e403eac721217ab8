"""The health teacher's follow-through on the phone: medicine handed over and given, an
absence for illness followed up and closed with a diagnosis, outbreak mode switched on
for a class and an outbreak alert marked reported."""
import datetime as dt

from playwright.sync_api import expect

from .app import (apply_stale_pull, backoff_cap, expect_waiting, fetch_stale_pull,
                  open_app, sign_in)
from .harness import pulled, push


def test_medicine_followup_and_outbreak_mode(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.goto(live.url + "/#/checks")
    # The roster is drawn once its screen's module is loaded (areas load screens when
    # routed to): until then the today screen's rows are the ones on the page.
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    kids = page.eval_on_selector_all("li.child", "els => els.map(e => e.dataset.child)")

    # medicine at the morning check, then a dose
    page.goto(f"{live.url}/#/hcheck/{kids[0]}/morning")
    page.fill("#med-name", "布洛芬")
    page.fill("#med-dose", "5ml")
    page.fill("#med-times", "10:00 14:30")
    page.fill("#med-by", "妈妈")
    page.get_by_role("button", name="登记带药").click()
    expect(page.locator("li[data-medicine]")).to_have_count(1)
    page.locator("li[data-medicine] button").click()
    expect(page.locator("li[data-medicine]")).to_contain_text("已服 1 次")

    # absent for illness, with a symptom
    page.goto(f"{live.url}/#/checks")
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    page.locator(f'li.child[data-child="{kids[1]}"] a.mark.absent').click()
    expect(page.locator("form.hc-check")).to_be_visible()
    page.get_by_role("radio", name="因病").check()  # a deliberate choice: it opens a follow-up
    page.locator("label.hc-chip", has_text="腹泻").click()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator(f'li.child[data-child="{kids[1]}"]')).to_have_class("child absent")
    expect_waiting(page, 0, timeout=30_000)
    meds = pulled(live.url, "medicine")
    assert len(meds) == 1 and meds[0]["times"] == ["10:00", "14:30"] and len(meds[0]["given"]) == 1
    # Another phone's checks: the same child away ill at the other session (the phone
    # ticked the session of the hour: morning before 11:00 on the school's clock, noon
    # after); another child warm in the morning and still at noon; a third away ill
    # yesterday and back today.
    ticked = next(c for c in pulled(live.url, "health_check", "health") if c["child_id"] == kids[1])
    day, other = ticked["date"], {"morning": "noon", "noon": "morning"}[ticked["session"]]
    yesterday = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
    away = {"status": "absent", "absence_reason": "ill", "symptoms": ["diarrhoea"]}
    push(live.url, "teacher1",
         ("check.record", {"child_id": kids[3], "date": yesterday, "session": "morning",
                           "status": "absent", "absence_reason": "ill", "symptoms": ["cough"]}),
         ("check.record", {"child_id": kids[3], "date": day, "session": "morning", "status": "normal"}),
         ("check.record", {"child_id": kids[1], "date": day, "session": other, **away}),
         ("check.record", {"child_id": kids[2], "date": day, "session": "morning",
                           "status": "abnormal", "temperature": 38.2, "symptoms": ["fever"],
                           "action": "observe"}),
         ("check.record", {"child_id": kids[2], "date": day, "session": "noon",
                           "status": "abnormal", "temperature": 37.6, "symptoms": ["fever"],
                           "action": "observe"}))

    nurse = open_app(phone(), live.url)
    backoff_cap(nurse)
    # signed in with the school pulled: the health screen is drawn once (a form), and its
    # outbreak-mode buttons are the classes in the phone's store
    sign_in(nurse, "health")
    nurse.goto(live.url + "/#/health")
    fid = {f["child_id"]: f["id"] for f in pulled(live.url, "followup")}
    # Each follow-up a line, with the child's class; the child back in class first (only
    # the diagnosis is missing), the day it came back said.
    lines = nurse.locator("li[data-followup]")
    expect(lines).to_have_count(2)
    expect(lines.first).to_have_attribute("data-followup", fid[kids[3]])
    expect(lines.first).to_contain_text("小一班 · ")
    expect(lines.first.get_by_test_id("back")).to_have_text(f"已返园 {day}")
    item = nurse.locator(f'li[data-followup="{fid[kids[1]]}"]')
    expect(item.get_by_test_id("back")).to_have_count(0)
    # Each child once among the abnormal, a line for each session's finding; the same
    # finding morning and noon is one line.
    expect(nurse.locator(f'li[data-child="{kids[1]}"] .finding')).to_have_text(["晨检、午检 · 缺勤 腹泻"])
    expect(nurse.locator(f'li[data-child="{kids[2]}"] .finding')).to_have_text(
        ["晨检 · 异常 38.2°C 发热", "午检 · 异常 37.6°C 发热"])
    # Its return date is not before it opened (the server refuses that). Seen from the
    # day before it opened, it is not listed: it was not open then.
    opened = item.get_attribute("data-opened")
    expect(item.locator("input[type=date]")).to_have_attribute("min", opened)
    day_before = (dt.date.fromisoformat(opened) - dt.timedelta(days=1)).isoformat()
    assert opened == day  # so the day before is one tap away
    expect(nurse.get_by_test_id("day-after")).to_have_count(0)  # nothing to see tomorrow
    nurse.get_by_test_id("day-before").click()
    expect(nurse.locator("h1 small")).to_have_text(day_before)
    expect(nurse.locator("h1")).not_to_contain_text("今日")
    expect(nurse.locator(f'li[data-followup="{fid[kids[3]]}"]')).to_have_count(1)
    expect(item).to_have_count(0)
    nurse.get_by_test_id("to-today").click()
    expect(nurse.locator("h1 small")).to_have_text(day)
    item.locator("summary").click()  # its close form opens under it
    item.locator("input[type=text], input:not([type])").first.fill("肠胃炎")
    item.get_by_role("button", name="结案").click()
    cls = page.evaluate("import('/session.js').then(s => s.currentUser()).then(u => u.class_ids[0])")
    nurse.locator(f'button[data-mode="{cls}"]').click()
    expect(nurse.locator(f'button[data-mode="{cls}"]')).to_have_attribute("aria-pressed", "true")
    expect_waiting(nurse, 0, timeout=30_000)

    followups = {f["child_id"]: (f["status"], f["diagnosis"]) for f in pulled(live.url, "followup")}
    assert followups == {kids[1]: ("closed", "肠胃炎"), kids[3]: ("open", None)}
    modes = pulled(live.url, "outbreak_mode")
    assert [(m["class_id"], m["on"]) for m in modes] == [(cls, True)]

    # Closed without signal, the follow-up opened yesterday leaves today's list; yesterday's,
    # drawn from the phone's own store, still lists it (it was open that day), as closed.
    # So does the server's once it is told.
    nurse.context.set_offline(True)
    line = nurse.locator(f'li[data-followup="{fid[kids[3]]}"]')
    line.locator("summary").click()
    line.locator("input[type=text], input:not([type])").first.fill("支气管炎")
    line.get_by_role("button", name="结案").click()
    expect(line).to_have_count(0)
    nurse.goto(f"{live.url}/#/health?date={yesterday}")
    expect(nurse.get_by_test_id("ov-source")).to_have_text("离线：本机数据")
    expect(line.get_by_test_id("closed")).to_have_text(f"已结案，{day} 返园")
    expect(line.locator("form")).to_have_count(0)
    nurse.context.set_offline(False)
    expect_waiting(nurse, 0, timeout=30_000)
    nurse.reload()
    expect(nurse.get_by_test_id("ov-source")).to_have_text("服务器数据")
    expect(line.get_by_test_id("closed")).to_have_text(f"已结案，{day} 返园")
    expect(line).to_contain_text("支气管炎")
    expect(nurse.locator("li[data-followup]")).to_have_count(1)


# A pull fetched before a dose is pushed, and applied after the dose was tapped, carries
# the medicine without it. The dose must keep showing (the phone's own change, still in
# its outbox): shown as not given, it would be tapped again and recorded twice.
def test_a_dose_is_not_hidden_by_a_pull_fetched_before_it_was_pushed(live, proxy, phone):
    page = open_app(phone(), proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.goto(proxy.url + "/#/checks")
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    kid = page.eval_on_selector_all("li.child", "els => els.map(e => e.dataset.child)")[0]
    page.goto(f"{proxy.url}/#/hcheck/{kid}/morning")
    page.fill("#med-name", "布洛芬")
    page.fill("#med-dose", "5ml")
    page.fill("#med-times", "10:00")
    page.get_by_role("button", name="登记带药").click()
    expect(page.locator("li[data-medicine]")).to_have_count(1)
    expect_waiting(page, 0)
    fetch_stale_pull(page)                       # the medicine as the server has it: no dose
    proxy.block_pushes = True
    page.locator("li[data-medicine] button").click()
    expect(page.locator("li[data-medicine]")).to_contain_text("已服 1 次")
    expect_waiting(page, 1)
    apply_stale_pull(page)                       # the older pull lands after the tap
    # the screen drawn again from the store still shows the dose
    page.evaluate("document.querySelector('li[data-medicine]').dataset.old = '1';"
                  "dispatchEvent(new HashChangeEvent('hashchange'))")
    expect(page.locator("li[data-medicine]:not([data-old])")).to_contain_text("已服 1 次")
    proxy.block_pushes = False
    expect_waiting(page, 0, timeout=30_000)
    [med] = pulled(live.url, "medicine")
    assert len(med["given"]) == 1
