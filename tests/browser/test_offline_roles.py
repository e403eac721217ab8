"""The worker precaches only the shell; each role's screens are fetched after sign-in, when
the phone is idle (pwa/offline.js, server/pwa.py). Once that is done, the server is killed
and the app reloaded: every screen of the role opens with no network, the guard's gate
screens, the zones' QR scan (jsQR) too, on a shared phone each person's, and after a new
version as before it."""
import shutil

import pytest
from playwright.sync_api import Page, expect

from .app import kept_offline, open_app, sign_in
from .harness import ROOT, LiveServer
from .zones_helpers import qr_png, zone_codes

# Every route of every area (pwa/areas/*.js), by area. Checked against the app's registry
# below, so a new route is added here on purpose.
AREA_ROUTES = {
    "health": ["checks", "hcheck", "disinfect", "health"],
    "gate": ["gate", "visitor-new", "visitors", "visitor", "visitor-call", "pickup",
             "pickup-child", "rollcall"],
    "zones": ["zones", "zone-check", "hazards", "hazard", "hazard-new", "patrol", "inspections",
              "inspection", "zone-labels"],
    "routines": ["routines", "drills", "drill", "letters", "letter", "routine-history",
                 "routine-templates"],
    "admin": ["admin"],
    "reports": ["reports", "reports/scorecard", "reports/charts", "reports/records"],
    "bulletin": ["bulletins", "bulletin", "bulletin-admin", "printouts"],
}
ROLE_AREAS = {  # as server/pwa.py's AREA_ROLES gives them
    "caregiver": ["health", "gate", "zones", "routines", "reports", "bulletin"],
    "health": ["health", "gate", "zones", "routines", "reports", "bulletin"],
    "guard": ["gate", "zones", "routines", "reports", "bulletin"],
}
OFFLINE_NOTICE = "本机没有保存这个页面"


def signed_in_and_kept(page: Page, username: str, role: str) -> None:
    sign_in(page, username)
    kept_offline(page, role)


def home(page: Page) -> str:
    """The screen the signed-in person starts at (Today's, or the gate for the guard)."""
    return page.evaluate("""Promise.all([import('/areas.js'), import('/session.js')])
      .then(([areas, session]) => session.currentUser().then((u) => areas.homeFor(u)))""")


def open_screen(page: Page, route: str) -> None:
    """Route to a screen from the home screen, and wait until the shell has drawn it."""
    page.evaluate("() => { location.hash = '#/today'; }")
    expect(page.locator(f"#main[data-screen={home(page)}]")).to_be_visible()
    page.evaluate("r => { location.hash = r; }", f"#/{route}")
    expect(page.locator(f"#main[data-screen={route.split('/')[0]}]")).to_be_visible()
    expect(page.locator("#main")).not_to_contain_text(OFFLINE_NOTICE)


def every_screen_opens(page: Page, role: str, errors: list) -> None:
    kid = page.evaluate("import('/db.js').then(d => d.byEntity('child')).then(cs => cs[0].id)")
    routes = [r for area in ROLE_AREAS[role] for r in AREA_ROUTES[area]]
    checks = [f"check/{kid}/morning"] if home(page) == "today" else []  # the guard records none
    for route in routes + checks:
        open_screen(page, f"hcheck/{kid}" if route == "hcheck" else route)  # one child's checks
    assert errors == []


def offline_reload(page: Page, server: LiveServer) -> None:
    server.stop()  # the phone has no network to the app from here on
    page.evaluate("() => { location.hash = '#/today'; }")
    page.reload()
    expect(page.locator(f"#main[data-screen={home(page)}]")).to_be_visible()


def watch_errors(page: Page) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_route_list_here_is_the_apps(live, phone):
    page = open_app(phone(), live.url)
    routes = page.evaluate("import('/areas.js').then(m => [...m.routes.keys()])")
    assert sorted(routes) == sorted({r.split("/")[0] for rs in AREA_ROUTES.values() for r in rs})


def test_a_caregiver_opens_every_screen_of_her_role_offline_after_a_reload(live, phone):
    page = open_app(phone(), live.url)
    errors = watch_errors(page)
    signed_in_and_kept(page, "teacher1", "caregiver")
    offline_reload(page, live)
    every_screen_opens(page, "caregiver", errors)
    # The admin's screens are not a caregiver's: offline, the app says so plainly.
    page.evaluate("() => { location.hash = '#/admin'; }")
    expect(page.locator("#main[data-screen=admin]")).to_contain_text(OFFLINE_NOTICE)


def test_a_guard_opens_the_gate_screens_offline_after_a_reload(live, phone):
    page = open_app(phone(), live.url)
    errors = watch_errors(page)
    signed_in_and_kept(page, "guard", "guard")
    offline_reload(page, live)
    every_screen_opens(page, "guard", errors)
    open_screen(page, "gate")
    expect(page.locator("#main")).to_contain_text("门岗")
    open_screen(page, "visitor-new")
    expect(page.locator("#v-name")).to_be_visible()


def test_a_zone_check_scans_the_zones_qr_code_offline_with_jsqr(live, phone, db_file, tmp_path):
    ctx = phone()
    ctx.add_init_script("delete self.BarcodeDetector;")  # jsQR, as on phones without it
    codes = zone_codes(db_file)
    mine = next(z for name, z in codes.items() if name.startswith("小一班"))
    page = open_app(ctx, live.url)
    signed_in_and_kept(page, "teacher1", "caregiver")
    offline_reload(page, live)
    open_screen(page, f"zone-check/{mine['id']}/opening")
    expect(page.locator("form.zcheck")).to_be_visible()
    page.set_input_files("#zscan-file", str(qr_png(tmp_path, mine["text"])))
    expect(page.get_by_test_id("proof")).to_have_attribute("data-proof", "qr")
    assert page.evaluate("typeof self.jsQR") == "function"


def test_a_shared_phone_keeps_a_caregivers_then_a_health_teachers_screens(live, phone):
    page = open_app(phone(), live.url)
    errors = watch_errors(page)
    signed_in_and_kept(page, "teacher1", "caregiver")
    offline_reload(page, live)
    every_screen_opens(page, "caregiver", errors)

    live.start()
    page.evaluate("() => { location.hash = '#/today'; }")
    page.reload()
    expect(page.locator("#main[data-screen=today]")).to_be_visible()
    page.get_by_role("button", name="退出 / 换人").click()
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    sign_in(page, "health")
    kept_offline(page, "health")
    assert page.evaluate("document.documentElement.dataset.offlineRoles").split() == ["caregiver", "health"]
    offline_reload(page, live)
    every_screen_opens(page, "health", errors)
    assert len(page.evaluate("caches.keys()")) == 1


@pytest.fixture
def deployable(db_file, tmp_path):
    """The server serving a copy of pwa/ that the test can change (a deploy)."""
    pwa = shutil.copytree(ROOT / "pwa", tmp_path / "pwa")
    server = LiveServer(db_file, tmp_path / "server.log", pwa_dir=pwa).start()
    yield server, pwa
    server.stop()


def test_after_a_new_version_a_guard_still_opens_her_screens_offline(deployable, phone):
    server, pwa = deployable
    page = open_app(phone(), server.url)
    errors = watch_errors(page)
    signed_in_and_kept(page, "guard", "guard")
    old = page.evaluate("caches.keys()")

    rollcall = pwa / "screens" / "gate" / "rollcall.js"  # a screen of hers changes
    rollcall.write_text(rollcall.read_text() + "\n// next version\n")
    server.stop()
    server.start()
    page.reload()
    page.get_by_test_id("reload").click()
    page.wait_for_function("old => caches.keys().then(k => k.length === 1 && k[0] !== old[0])",
                           arg=old, timeout=30_000)
    offline_reload(page, server)
    assert page.evaluate("fetch('/screens/gate/rollcall.js').then(r => r.text())").endswith("// next version\n")
    every_screen_opens(page, "guard", errors)


# The worker's answers to the page's "keep this role" requests (pwa/offline.js), noted as
# the page gets them: the listener goes on each channel before the app's own handler.
KEEP_ANSWERS = """(() => {
  const Channel = self.MessageChannel;
  self.keepAnswers = [];
  self.MessageChannel = class extends Channel {
    constructor() {
      super();
      this.port1.addEventListener('message', (e) => self.keepAnswers.push(e.data));
    }
  };
})();"""


def test_a_guards_screens_fetch_that_failed_is_tried_again_when_the_phone_is_back_online(live, proxy, phone):
    """The Wi-Fi goes while the worker fetches the guard's screens after sign-in: as soon
    as the phone is online again it fetches them, without waiting for the next start, and
    the roll-call then opens with no network."""
    proxy.refuse = lambda path: path.startswith("/screens/gate/rollcall.js")
    ctx = phone()
    ctx.add_init_script(KEEP_ANSWERS)
    page = open_app(ctx, proxy.url)
    errors = watch_errors(page)
    sign_in(page, "guard")
    # The idle fetch runs and fails on the gate screens; the page has the worker's answer
    # (and waits for the network to come back) before the test says it is back.
    page.wait_for_function("() => self.keepAnswers.some((a) => !a.ok)", timeout=30_000)
    assert proxy.refused, "the worker never asked for the gate screens"
    assert "guard" not in (page.evaluate("document.documentElement.dataset.offlineRoles") or "")
    proxy.refuse = lambda path: False
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    kept_offline(page, "guard")
    offline_reload(page, live)
    open_screen(page, "rollcall")
    expect(page.locator("section.rc-group[data-group=children]")).to_be_visible()
    assert errors == []
