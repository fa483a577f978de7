"""gunicorn settings for PlanCompare behind nginx (deploy/nginx/plancompare.conf).

nginx ends TLS and buffers every request and response, so a worker only ever talks to nginx
over a local socket and a slow client costs nginx a connection, not a gunicorn thread.
Each value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS) without editing this file.
"""

import gc
import os

# A unix socket that only nginx (group www-data) may open; never a public address, since
# the app believes X-Forwarded-Proto when TRUST_PROXY_HEADERS is on.
bind = os.environ.get("GUNICORN_BIND") or "unix:/run/plancompare/gunicorn.sock"

# Threads in a few processes: a request mostly waits on PostgreSQL, so threads overlap those
# waits cheaply, and a process per core (plus one) keeps both cores busy with Python work.
# 3 × 4 = 12 requests at once on 2 cores; each thread holds one database connection.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or 3)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

timeout = 30  # a request still running after 30 s is a bug: the worker is restarted
graceful_timeout = 30
keepalive = 5  # nginx keeps its upstream connections open between requests
# Recycle each worker now and then, so a slow leak can never grow without bound. Not often:
# a new worker starts with an empty page cache (the default cache is per process) and
# renders each page cold again, and cached pages go out at thousands a second, so 5,000
# requests restarted a worker every few seconds under load (benchmarks.run saw 26 restarts
# in a minute and a half, each a cold render in the middle of the warm measurements).
max_requests = 200_000
max_requests_jitter = 20_000

# Load Django once in the master and fork the workers from it: they share the loaded code's
# memory pages instead of each importing everything again.
preload_app = True

accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1,::1"  # only the local nginx may set forwarded headers

# Garbage collection writes to every object it scans, which copies each shared page into the
# worker that touches it, and the preloaded app's objects live forever anyway. So no
# collection runs while the app loads; just before each fork the objects loaded so far are
# moved to a permanent generation the collector never scans (gc.freeze()); each worker then
# collects as usual, but only what it allocates itself.
gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
