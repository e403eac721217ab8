"""gunicorn's settings for this app, read by gunicorn from the folder it is started in
(`make run`, the Procfile, the benchmarks); the command line's options still apply.

A push of 500 mutations makes some hundred thousand short-lived objects. With Python's
default thresholds the cyclic garbage collector ran hundreds of times a push, now and
then walking every object the loaded app holds (SQLAlchemy's and marshmallow's
machinery, some 190,000). Once a worker has loaded the app, those objects are moved out
of the collector's sight (gc.freeze: they live as long as the worker) and it collects
the young generation every 50,000 allocations instead of 700. Nothing is freed later
than its reference count says: only cycles wait a little longer.
"""
import gc


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    worker.log.info("Worker %s: %d objects of the loaded app frozen, young generation "
                    "collected every %d allocations", worker.pid, gc.get_freeze_count(),
                    gc.get_threshold()[0])
