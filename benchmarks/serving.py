"""The benchmark's server side: gunicorn with the repository's config, wrk, worker memory."""

import contextlib
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# Far above any response time: a slow response must count in p99, not drop out as an error.
WRK_TIMEOUT = "60s"


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn on a loopback port, with deploy/gunicorn.conf.py when the repository has it."""

    def __init__(self, env, port, log):
        self.port = port
        self.host = f"127.0.0.1:{self.port}"
        config = ["-c", str(GUNICORN_CONFIG)] if GUNICORN_CONFIG.exists() else ["-w", "2"]
        command = [Path(sys.executable).parent / "gunicorn", *config, "plancompare.wsgi"]
        command += ["-b", self.host, "--access-logfile", "/dev/null"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": self.host},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)

    def get(self, path, headers=None):
        """(status, headers, body, seconds) of one request on a new connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
        connection.close()
        return response.status, dict(response.getheaders()), body, seconds

    def median_ms(self, path, times):
        timings = []
        for _ in range(times):
            status, _headers, _body, seconds = self.get(path)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            timings.append(seconds * 1000)
        return statistics.median(timings)

    def cold_ms(self, path, times, before_each):
        """(median wall ms, median CPU ms of the workers) of `path`, `before_each` run first.

        First every worker renders the page once (each caches its own pages and keeps the
        word diffs it computed), as the workers of a running site have: a write changes the
        pages, not the texts of every provision. A worker's very first render also computes
        every diff of the page; docs/performance.md gives that figure apart.
        The CPU time is what the server spent on the request, whatever else the machine runs
        (the kernel's per-thread run time, in nanoseconds, summed over every worker thread).
        """
        for _ in range(10):
            self.get(path)
        walls, cpus = [], []
        for _ in range(times):
            before_each()
            started = self.cpu_ns()
            status, _headers, _body, seconds = self.get(path)
            cpus.append((self.cpu_ns() - started) / 1e6)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            walls.append(seconds * 1000)
        return statistics.median(walls), statistics.median(cpus)

    def cpu_ns(self):
        """Processor time the workers have used so far, in nanoseconds."""
        return sum(self.cpu_ns_by_worker().values())

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_ns_by_worker(self):
        """{worker pid: its threads' run time so far, in nanoseconds (the kernel's schedstat,
        precise enough for one request, unlike the clock ticks of /proc/PID/stat)}."""
        used = {}
        for pid in self.workers():
            used[pid] = 0
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(FileNotFoundError):  # a thread that just ended
                    used[pid] += int((task / "schedstat").read_text().split()[0])
        return used

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)


def memory_kb(pid, field):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)[1])


def peak_above_idle_mb(server, request):
    """The most any worker's memory grew above its idle size while `request` ran, in MB."""
    idle = {}
    for pid in server.workers():
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets the peak (VmHWM)
        idle[pid] = memory_kb(pid, "VmRSS")
    request()
    return max(memory_kb(pid, "VmHWM") - rss for pid, rss in idle.items()) / 1024


def wrk(url, seconds, connections=8, headers=()):
    """(requests/s, p99 ms) of wrk on one URL."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk got errors from {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE).groups()
    return rate, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk_cpu(server, url, seconds, headers=()):
    """(requests/s, p99 ms, worker CPU µs per request) of wrk on one URL of the server."""
    before = server.cpu_ns_by_worker()
    rate, p99 = wrk(url, seconds, headers=headers)
    # A worker recycled meanwhile is a new pid, counted from its start.
    used = sum(cpu - before.get(pid, 0) for pid, cpu in server.cpu_ns_by_worker().items())
    return rate, p99, used / (rate * seconds) / 1e3


def environment(database_url):
    """Production settings on loopback, for gunicorn and the benchmark's own Django."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
    }
