"""deploy/gunicorn.conf.py: threaded workers on a private socket, the app preloaded, and the
garbage collector frozen before each fork and running again in each worker."""

import json
import os
import subprocess
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"

# Loaded in a fresh interpreter: the file switches the collector off as it is read.
PROBE = f"""
import gc, json, runpy
config = runpy.run_path({str(CONFIG)!r})
loaded = {{"enabled_while_loading": gc.isenabled()}}
config["pre_fork"](None, None)
loaded["frozen"] = gc.get_freeze_count()
config["post_fork"](None, None)
loaded["enabled_in_worker"] = gc.isenabled()
names = ("bind", "worker_class", "workers", "threads", "preload_app", "max_requests")
loaded.update({{name: config[name] for name in names}})
print(json.dumps(loaded))
"""


def test_the_gunicorn_settings_suit_two_cores_behind_nginx_with_a_frozen_collector():
    defaults = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=defaults,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    config = json.loads(probe.stdout)

    assert config["bind"] == "unix:/run/plancompare/gunicorn.sock"
    assert config["worker_class"] == "gthread"
    assert config["workers"] * config["threads"] >= 8
    assert config["preload_app"] is True
    # A recycled worker starts with an empty page cache: at thousands of cached pages a
    # second, 5,000 requests between restarts meant a cold render every few seconds.
    assert config["max_requests"] >= 100_000
    assert config["enabled_while_loading"] is False
    assert config["frozen"] > 0
    assert config["enabled_in_worker"] is True
