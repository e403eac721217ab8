"""`make bench`: every benchmark, one run, one table (issue 3's figures; the browser's
figures too when bench/pwa.py is there).

SQLite: one client pushes PUSH_MUTATIONS checks, a raw sqlite3 insert of the same rows
is timed beside it (each batch's right after its push), the school gets checks up to FIRST_SYNC, a new device pulls them all
(the first sync: each check is one change, its versions kept on it), and batches are
replayed.
PostgreSQL: eight clients push at once. Everything runs on 127.0.0.1 and is removed
afterwards.
"""
from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import time
import traceback

from . import pull, push, replay
from .client import Client
from .report import table
from .server import postgres_reachable, running_server
from .workload import batches, check_args, children, days_needed

PUSH_MUTATIONS = 50_000    # timed: into the demo school, as in every session's figures
FIRST_SYNC = 100_000       # checks, one change each (their versions kept on them)
CHILDREN_PER_CLASS = 100   # 300 children: 600 checks a day, so ~167 days of checks


def sqlite_figures() -> dict[str, dict]:
    kids_count = 3 * CHILDREN_PER_CLASS
    days = days_needed(kids_count, FIRST_SYNC)
    env = {"PULL_WINDOW_DAYS": str(days + 30)}  # every pushed check is in the window
    with running_server("sqlite", workers=2, children_per_class=CHILDREN_PER_CLASS,
                        env=env) as server:
        phone = Client(server.url, "demo", "health")
        phone.login()
        kids = children(phone)
        out = {"push": push.single_client(server, phone, kids, PUSH_MUTATIONS,
                                          server.workdir)}
        # The rest of the first sync's checks, untimed, on the days after the timed ones.
        push.push_all(phone, batches(phone, check_args(kids, dt.date.today(),
                                                       days_needed(kids_count, PUSH_MUTATIONS)),
                                     (FIRST_SYNC - PUSH_MUTATIONS) // push.BATCH))
        out["pull"] = pull.first_sync(server, FIRST_SYNC)
        out["replay"] = replay.replay(phone, kids, days_back=days + 1)
        phone.close()
    return out


def postgres_figures() -> dict[str, dict]:
    if not postgres_reachable():
        return {"push (PostgreSQL)": {"skipped": "no PostgreSQL on 127.0.0.1:5432"}}
    return {"push (PostgreSQL)": push.concurrent_postgres()}


def pwa_figures() -> dict[str, dict]:
    try:
        pwa = importlib.import_module("bench.pwa")
    except ImportError:
        return {}
    out = {"pwa": pwa.run()}
    from . import first_sync_pwa  # a phone's first sync, pages asked for ahead or not
    out["first sync pwa"] = first_sync_pwa.run()
    from . import health_pwa  # issue 5: "all others normal" for a class of 30
    out["health pwa"] = health_pwa.run()
    from . import gate_pwa  # issue 7: registering a visitor, the on-site list, the roll-call
    out["gate pwa"] = gate_pwa.run()
    from . import zones_pwa  # issue 6: a 12 MP photo stored on the phone, the hazard ledger
    out["zones pwa"] = zones_pwa.run()
    from . import routines_pwa  # issue 11: my list for now (40 items), a tick durable
    out["routines pwa"] = routines_pwa.run()
    return out


def morning_figures() -> dict[str, dict]:
    from . import morning  # issue 10: 200 phones at 10 schools at once, then exact counts
    return {"school morning": morning.run()}


def printout_figures() -> dict[str, dict]:
    from . import printouts  # issue 9: a class's month of 晨午检 as PDF
    return {"printouts": printouts.run()}


def reports_figures() -> dict[str, dict]:
    from . import dashboard  # issue 9: today's dashboard over a term of records
    return {"dashboard": dashboard.run()}


def main() -> int:
    sections: dict[str, dict] = {}
    failed = False
    for name, run in [("SQLite", sqlite_figures), ("PostgreSQL", postgres_figures),
                      ("school morning", morning_figures), ("printouts", printout_figures),
                      ("reports", reports_figures),
                      ("browser", pwa_figures)]:
        started = time.monotonic()
        print(f"bench: {name} …", flush=True)
        try:
            sections.update(run())
        except Exception:
            failed = True
            traceback.print_exc()
            sections[name] = {"failed": "see the traceback above"}
        print(f"bench: {name} done in {time.monotonic() - started:.0f} s", flush=True)
    print()
    # Every figure shares the machine's cores with whatever else runs on it.
    print("load average at the end: %.1f %.1f %.1f" % os.getloadavg(),
          f"on {os.cpu_count()} cores")
    print(table(sections))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
