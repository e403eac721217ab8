"""The feed under concurrent writers (DESIGN.md promise 5): change numbers are taken under
the site's lock in the committing transaction, so a puller that never pauses still sees
every change exactly once with no gap; racing retries of one batch apply it once."""
import threading

from tests.conftest import Phone, check_args, children_of, log_rows, today

PUSHERS, BATCHES, PER_BATCH = 3, 8, 25


def run_all(*targets):
    """Run the targets in threads, released together; re-raise the first failure."""
    errors, start = [], threading.Barrier(len(targets))

    def guarded(fn):
        try:
            start.wait()
            fn()
        except BaseException as e:  # noqa: BLE001  (reported by the test, not lost)
            errors.append(e)
    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]


def test_a_puller_that_never_pauses_sees_every_change_once_with_no_gap(app, demo):
    phones = [Phone(app.test_client(), "demo", "health") for _ in range(PUSHERS + 1)]
    puller, pushers = phones[0], phones[1:]
    kids = [c["id"] for c in children_of(puller)]
    done, seen = threading.Event(), []

    def push(n):
        def run():
            for b in range(BATCHES):
                day = today(-(n * BATCHES + b))  # a record of its own for every mutation
                batch = [pushers[n].mutation("check.record", check_args(k, date=day))
                         for k in kids[:PER_BATCH]]
                assert {r["status"] for r in pushers[n].results(batch)} == {"applied"}
        return run

    def pull():
        cursor = 0
        while True:
            finished = done.is_set()
            body = puller.pull(cursor, 50).get_json()
            assert not body.get("reset"), body
            seen.extend((c["seq"], c["entity"]) for c in body["changes"])
            cursor = body["cursor"]
            if finished and not body["has_more"]:
                return

    def pushers_then_done():
        run_all(*(push(n) for n in range(PUSHERS)))
        done.set()
    run_all(pushers_then_done, pull)
    assert [seq for seq, _ in seen] == list(range(1, len(seen) + 1))
    checks = [seq for seq, entity in seen if entity == "health_check"]
    assert len(checks) == PUSHERS * BATCHES * PER_BATCH


def test_two_racing_pushes_of_one_batch_apply_each_mutation_once(app, demo):
    phone = Phone(app.test_client(), "demo", "health")
    kids = children_of(phone)
    batch = [phone.mutation("check.record", check_args(k["id"])) for k in kids[:40]]
    twin = Phone.__new__(Phone)
    twin.__dict__.update(phone.__dict__, client=app.test_client())  # same device, retried
    answers = []
    run_all(lambda: answers.append(phone.results(batch)),
            lambda: answers.append(twin.results(batch)))
    for first, second in zip(*answers):
        assert {first["status"], second["status"]} == {"applied", "duplicate"}
    assert len(log_rows(app, status="applied")) == len(batch)


def test_a_new_devices_first_pull_and_push_at_once_both_succeed(app, demo):
    for _ in range(8):
        phone = Phone(app.test_client(), "demo", "health")
        twin = Phone.__new__(Phone)
        twin.__dict__.update(phone.__dict__, client=app.test_client())  # a second tab
        codes = []
        run_all(lambda: codes.append(phone.pull(0, 10).status_code),
                lambda: codes.append(twin.push([]).status_code))
        assert codes == [200, 200]
