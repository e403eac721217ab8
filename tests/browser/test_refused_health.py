"""On the health teacher's screens a check, a round, a medicine or a dose the server refused
is not counted as done: it is marked, in the person's language, with the way to the rejected
list (#/rejected?id=<mutation id>)."""
from playwright.sync_api import expect

from .app import backoff_cap, open_app, queue_round, sign_in, today_at_school


def attention(page, n):
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", str(n))


def first_child(page):
    return page.evaluate("""async () => {
      const { rosterOf } = await import('/classes.js');
      const { currentUser } = await import('/session.js');
      const { kids } = await rosterOf(await currentUser());
      return kids[0];
    }""")


def queue_refused_check(page, child):
    """A morning check the server refuses (45 °C is past its bound), past the form's checks."""
    page.evaluate("""async (child) => {
      const { recordCheck } = await import('/outbox.js');
      const { currentUser } = await import('/session.js');
      const { today } = await import('/time.js');
      const user = await currentUser();
      await recordCheck(user, child, { date: today(user.timezone), session: 'morning',
        status: 'abnormal', temperature: 45.0 });
    }""", child)
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")


def queue_refused_medicine(page, child, args):
    """A handing-over of medicine as the check form queues it (keyed by its mutation id),
    with `args` the server refuses; then sync."""
    page.evaluate("""async ([args, child]) => {
      const { enqueueMany } = await import('/outbox.js');
      const { currentUser } = await import('/session.js');
      const id = crypto.randomUUID();
      await enqueueMany(await currentUser(), [{ id, name: 'medicine.record', args,
        record: { id, entity: 'medicine', class_id: child.class_id, ...args, given: [] } }]);
      (await import('/sync.js')).syncSoon();
    }""", [args, child])


def health_phone(phone, live):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "health")
    return page


def test_the_health_overview_marks_a_refused_check_and_round_and_the_phone_does_not_count_them(live, phone):
    page = health_phone(phone, live)
    child = first_child(page)
    queue_refused_check(page, child)
    queue_round(page, item="door_handles", method="chlorine", amount=250000)
    attention(page, 2)
    page.evaluate("location.hash = '#/health'")
    morning = page.locator(f'tr[data-class="{child["class_id"]}"] td').first
    expect(morning.locator("[data-refused]")).to_contain_text(f'{child["name"]} 异常：未被接受，需处理')
    expect(page.locator("p", has_text="消毒").locator("[data-refused]")).to_contain_text("未被接受，需处理")
    href = morning.locator("[data-refused]").get_attribute("href")
    assert href.startswith("#/rejected?id=")

    page.context.set_offline(True)  # the phone's own summary: the refused check is not counted
    page.evaluate("location.hash = '#/checks'")
    page.evaluate("location.hash = '#/health'")
    expect(page.get_by_test_id("ov-source")).to_have_text("离线：本机数据")
    expect(morning).to_contain_text(" 0/")
    expect(morning.locator("[data-refused]")).to_be_visible()
    expect(page.locator("p", has_text="消毒").first).to_contain_text("消毒 0/")


def test_a_refused_medicine_and_a_refused_dose_are_marked_and_not_counted_given(live, phone):
    page = health_phone(phone, live)
    child = first_child(page)
    date = today_at_school(page)
    args = {"child_id": child["id"], "date": date, "medicine": "止咳糖浆", "dose": "5ml",
            "times": ["25:00"], "handed_by": None, "note": None}  # not a time: refused
    queue_refused_medicine(page, child, args)
    attention(page, 1)
    page.evaluate(f"location.hash = '#/hcheck/{child['id']}/morning'")
    med = page.locator("li[data-medicine]")
    expect(med.locator("[data-refused]")).to_have_text("未被接受，需处理")
    med.get_by_role("button").click()  # a dose of a handing-over the server never had
    attention(page, 2)
    page.evaluate("location.hash = '#/checks'")
    page.evaluate(f"location.hash = '#/hcheck/{child['id']}/morning'")
    expect(med).to_contain_text("已服 0 次")


def test_a_childs_check_form_says_the_check_on_it_was_refused(live, phone):
    page = health_phone(phone, live)
    child = first_child(page)
    queue_refused_check(page, child)
    attention(page, 1)
    page.evaluate(f"location.hash = '#/hcheck/{child['id']}/morning'")
    expect(page.locator("form.hc-check [data-refused]")).to_have_text("异常未被接受，需处理")


def test_todays_medicine_marks_a_refused_handing_over_and_a_refused_dose_is_still_due(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    child = first_child(page)
    args = {"child_id": child["id"], "date": today_at_school(page), "medicine": "退热贴", "dose": "1片",
            "times": ["00:00"], "handed_by": "妈" * 101, "note": None}  # a name past 100: refused
    queue_refused_medicine(page, child, args)
    attention(page, 1)
    page.evaluate("location.hash = '#/checks'")
    page.evaluate("location.hash = '#/today'")
    med = page.locator("section.meds li[data-medicine]")
    expect(med.locator("[data-refused]")).to_have_text("未被接受，需处理")
    med.locator("button.give").click()  # a dose of a handing-over the server never had
    attention(page, 2)
    page.evaluate("location.hash = '#/checks'")
    page.evaluate("location.hash = '#/today'")
    expect(med.locator(".dose")).to_have_attribute("data-state", "due")
