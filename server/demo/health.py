"""The demo history's children and rooms: every child's morning and noon check, who falls
ill and comes back (the follow-ups), and each room's disinfection rounds."""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from sync.ids import natural_id

from ..models import Room
from ..mutations.disinfection import TIMED
from ..rules import disinfection as drules
from .staff import DemoSchool, Done

# -- health checks and follow-ups ---------------------------------------------------------

# Of a morning's children: normal, absent, abnormal (the rest normal too).
NORMAL, ABSENT, ABNORMAL = 0.93, 0.03, 0.025
ILLNESSES = (["fever"], ["cough"], ["fever", "cough"], ["sore_throat"], ["fever", "sore_throat"])
DIAGNOSES = ("上呼吸道感染", "普通感冒", "急性咽炎", "发热，已退热", "支气管炎，已痊愈")


class Sickness:
    """Who is ill, day after day: a child absent for illness, or sent home, stays away a
    day or two more; the engine opens a follow-up for each and the health teacher closes
    it once the child is back. No class gets 3 cases a day or 5 in 3 days: that is an
    outbreak (server.rules.outbreak), not a school's ordinary weeks."""

    def __init__(self, s: DemoSchool):
        self.s = s
        self.away: dict[str, tuple[int, list]] = {}  # child → (school days away, symptoms)
        self.had: set[str] = set()  # ill once in the history at most
        self.cases: dict[str, dict[dt.date, set]] = defaultdict(lambda: defaultdict(set))
        self.open: dict[str, tuple[str, dt.date | None]] = {}  # child → follow-up, back on

    def may_fall_ill(self, class_id: str, kid: str, day: dt.date) -> bool:
        cases = self.cases[class_id]
        window = set().union(*(cases[day - dt.timedelta(days=k)] for k in range(3)))
        return len(cases[day] | {kid}) <= 2 and len(window | {kid}) <= 4

    def _fall_ill(self, class_id: str, kid: str, day: dt.date, symptoms: list,
                  rng: random.Random) -> dict:
        """Away for illness from today (or this noon), and maybe a day or two more."""
        self.had.add(kid)
        self.cases[class_id][day].add(kid)
        more = rng.choice((0, 1, 1, 2))
        if more:
            self.away[kid] = (more, symptoms)
        if kid not in self.open:  # as the engine opens it (server/mutations/checks.py)
            self.open[kid] = (natural_id(self.s.site.id, "followup", kid, day.isoformat()), None)
        return {"status": "absent", "absence_reason": "ill", "symptoms": symptoms}

    def sessions(self, class_id: str, kid: str, day: dt.date,
                 rng: random.Random) -> tuple[dict, dict]:
        """The child's morning and noon check values."""
        r = rng.random()
        if kid in self.away:
            left, symptoms = self.away.pop(kid)
            if left > 1:
                self.away[kid] = (left - 1, symptoms)
            self.cases[class_id][day].add(kid)
            ill = {"status": "absent", "absence_reason": "ill", "symptoms": symptoms}
            return ill, ill
        if r < NORMAL or r >= NORMAL + ABSENT + ABNORMAL:
            return self._back(kid, day, self._normal(rng)), self._normal(rng)
        if r < NORMAL + ABSENT:
            if (rng.random() < 0.25 and kid not in self.had
                    and self.may_fall_ill(class_id, kid, day)):
                ill = self._fall_ill(class_id, kid, day, list(rng.choice(ILLNESSES)), rng)
                return ill, ill
            away = {"status": "absent", "absence_reason": "personal"}
            return away, away
        if not self.may_fall_ill(class_id, kid, day):
            return self._back(kid, day, self._normal(rng)), self._normal(rng)
        temperature = rng.randint(374, 386) / 10
        symptoms = ["fever"] + rng.sample(("cough", "sore_throat", "rash"), rng.choice((0, 1)))
        action = rng.choice(("observe", "observe", "parent_told", "sent_home"))
        if temperature >= 38.3 and kid not in self.had:
            action = "sent_home"
        elif action == "sent_home" and kid in self.had:
            action = "parent_told"  # its follow-up may still be open: no second one
        morning = self._back(kid, day, {"status": "abnormal", "temperature": temperature,
                                        "symptoms": symptoms, "action": action})
        self.cases[class_id][day].add(kid)
        if action == "sent_home":
            return morning, self._fall_ill(class_id, kid, day, symptoms, rng)
        if rng.random() < 0.5:  # still warm after lunch: watched on
            return morning, {"status": "abnormal", "temperature": rng.randint(372, 377) / 10,
                             "symptoms": symptoms, "action": "observe"}
        return morning, self._normal(rng)

    @staticmethod
    def _normal(rng: random.Random) -> dict:
        return {"status": "normal", "temperature": rng.randint(362, 371) / 10, "symptoms": []}

    def _back(self, kid: str, day: dt.date, check: dict) -> dict:
        """A child in class: the first day back after an illness is the follow-up's."""
        if kid in self.open and self.open[kid][1] is None:
            self.open[kid] = (self.open[kid][0], day)
        return check

    def closes(self, day: dt.date, rng: random.Random) -> list[Done]:
        """The health teacher closes the follow-ups of children back since an earlier day;
        those back today, or still away, stay open."""
        out = []
        for kid, (fid, back) in sorted(self.open.items()):
            if back is not None and back < day:
                del self.open[kid]
                out.append(Done("health", self.s.between(rng, day, "09:30", "10:30"),
                               "followup.close", (fid,),
                               {"followup_id": fid, "diagnosis": rng.choice(DIAGNOSES),
                                "returned_on": back.isoformat()}))
        return out


def health_checks(s: DemoSchool, day: dt.date, rng: random.Random, sick: Sickness) -> list[Done]:
    """Every child's morning check as they arrive, and noon check after lunch, each by
    the class's caregiver from the class's roster."""
    out = []
    for cls, who, kids in s.classes:
        mornings = sorted(s.between(rng, day, "07:45", "08:25") for _ in kids)
        noons = sorted(s.between(rng, day, "12:30", "12:55") for _ in kids)
        # Those away ill carry over first: they count before anyone new falls ill.
        order = sorted(range(len(kids)), key=lambda k: kids[k].id not in sick.away)
        for k in order:
            kid = kids[k]
            morning, noon = sick.sessions(cls.id, kid.id, day, rng)
            for session, at, values in (("morning", mornings[k], morning),
                                        ("noon", noons[k], noon)):
                args = {"child_id": kid.id, "class_id": cls.id, "date": day.isoformat(),
                        "session": session, **values}
                out.append(Done(who, at, "check.record", (kid.id, day, session), args))
    return out


# -- disinfection -----------------------------------------------------------------------

# item → the methods of its rounds in turn, and the time each round starts
ROUNDS = {
    "air": (("airing", "uv"), ("07:15", "17:40", "10:20", "14:40")),
    "surfaces_toys": (("chlorine",), ("16:50", "10:40")),
    "tableware": (("steaming",), ("08:50", "12:10", "15:40", "09:40", "13:10", "16:10")),
    "towels": (("steaming", "sun_drying"), ("13:10", "10:00")),
    "bedding": (("sun_drying",), ("10:00",)),
    "door_handles": (("chlorine",), ("17:45", "12:40")),
    "toilets": (("chlorine",), ("17:50", "11:50")),
}
MISSED_DAYS = (3, 10)  # days ago with a round left undone
SHORT_DAY = 6  # days ago with one round too short (kept, flagged below the minimum)


def disinfection(s: DemoSchool, day: dt.date, rng: random.Random, ago: int) -> list[Done]:
    """The rounds each room owes (server.rules.disinfection, and the room's own needs),
    by its class's caregiver; on MISSED_DAYS one is left undone, so reports show a miss."""
    owed = []
    for room, who in s.rooms:
        outbreak = bool(s.outbreak & {"", room.class_id})
        for item in drules.daily_needs(s.rules, s.needs[room.id]):
            due = drules.rounds_due(s.rules, item, outbreak, s.needs[room.id])
            owed += [(room, who, outbreak, item, n) for n in range(1, due + 1)]
    if ago in MISSED_DAYS and owed:
        owed.remove(rng.choice(owed))
    short = rng.choice(owed) if ago == SHORT_DAY and owed else None
    return [_round(s, day, rng, *o, short=o == short) for o in owed]


def _round(s: DemoSchool, day: dt.date, rng: random.Random, room: Room, who: str, outbreak: bool,
           item: str, n: int, short: bool) -> Done:
    methods, starts = ROUNDS.get(item, ((), ()))
    allowed = s.rules["allowed_methods"].get(item) or list(drules.METHODS)
    method = methods[(n - 1) % len(methods)] if methods else allowed[0]
    if method not in allowed:
        method = allowed[0]
    start = s.at(day, starts[n - 1] if n <= len(starts) else "09:00",
                 rng.randint(0, 240) + (0 if n <= len(starts) else 45 * 60 * n))
    need = drules.minimum(s.rules, item, method, room.observation, outbreak) or 0
    args = {"room_id": room.id, "date": day.isoformat(), "item": item, "round": n,
            "method": method}
    if method in TIMED:
        units = need * 0.8 if short else need + (rng.choice((0, 5, 10))
                                                 if drules.METHODS[method] == "min" else 0)
        end = start + dt.timedelta(seconds=max(units, 1) * TIMED[method])
        args.update(started_at=start.isoformat(), ended_at=end.isoformat())
        at = end + dt.timedelta(seconds=rng.randint(5, 90))
    else:  # chlorine: the solution's strength, recorded once the wiping is done
        args["amount"] = (need or 250) * (0.8 if short else rng.choice((1, 1, 2)))
        at = start + dt.timedelta(minutes=rng.randint(8, 15))
    return Done(who, at, "disinfection.record", (room.id, day, item, n), args)

