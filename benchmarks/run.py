"""The one benchmark: every main page against a static copy of its bytes, import, align, search.

Run from the repository root (needs wrk, Debian package `wrk`):

    python -m benchmarks.run [--versions 40] [--provisions 150] [--seconds 3] [--rounds 3]
                             [--align 500] [--no-search]

In a temporary SQLite database it imports the shipped data set and serves it with gunicorn
(the repository's deploy/gunicorn.conf.py, DEBUG off). For each main page it prints the cold
time (first request after a write, in workers that have rendered the page before, median of
5; wall time and the CPU time the workers spent on it, which a busy machine changes less),
the warm time (cached, median of 20), wrk's requests/s (8 connections) for the page and for
a static copy of the same bytes served by the same server, their ratio, the ratio of the
workers' CPU time per request (steadier than requests/s on a shared machine), and the page's
SQL queries when cold. Page and static copy are measured in back-to-back pairs, several
times; the median pair is shown. Then it imports the synthetic corpus (benchmarks/corpus.py,
N versions × M provisions) into the same database, twice, and times the cold pair and
synoptic pages on it; times align() on M × M synthetic provisions; and, in a throwaway
PostgreSQL server (scripts/with-postgres), the search page at 126, 1,260 and 12,600
provisions.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import serving

ROOT = serving.ROOT
SEARCH = "/provisions/?q=armed+forces"
PAGES = [
    ("home", "/"),
    ("version", "/versions/us-28/"),
    ("pair compare", "/compare/us-28/e3-counterproposal/"),
    ("synoptic of 9", None),  # every shipped version, built once the data is in
    ("thread", "/threads/armed-forces-cap/"),
    ("search", SEARCH),
    ("API compare", "/api/compare/us-28/e3-counterproposal/"),
]
EXTENSIONS = {"text/html": "html", "application/json": "json", "text/csv": "csv"}


def setup_django(database_url):
    os.environ.update(serving.environment(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "plancompare.settings"
    import django

    django.setup()


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def write_happened():
    """A write an editor could make (it changes nothing visible); the data version moves."""
    from django.db.models import F

    from provisions.models import Theme

    Theme.objects.filter(pk=Theme.objects.order_by("pk").first().pk).update(name=F("name"))


def cold_queries(path, host):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    write_happened()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, headers={"host": host})
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), response.content


def synoptic_url(versions):
    from provisions.models import PlanVersion

    slugs = PlanVersion.objects.in_date_order().values_list("slug", flat=True)
    return "/compare/?" + "&".join(f"v={slug}" for slug in list(slugs)[-versions:])


def static_copies(pages, host):
    """Each page's bytes as a file that whitenoise serves (it scans STATIC_ROOT at start)."""
    from django.conf import settings
    from django.test import Client

    folder = Path(settings.STATIC_ROOT) / "benchmark"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copies = {}
    for name, path in pages:
        response = Client().get(path, headers={"host": host})
        extension = EXTENSIONS[response["Content-Type"].split(";")[0]]
        filename = f"{name.replace(' ', '-')}.{extension}"
        (folder / filename).write_bytes(response.content)
        copies[name] = f"{settings.STATIC_URL}benchmark/{filename}"
    return folder, copies


def against_static(server, path, copy, seconds, rounds, headers=(), static_headers=()):
    """[req/s, p99 ms, static req/s, static/page, CPU page/static] of the median of `rounds`
    back-to-back pairs (page, then its static copy): on a shared machine the load changes
    from one second to the next, and a pair run together sees about the same load."""
    pairs = []
    for _ in range(rounds):
        rate, p99, cpu = serving.wrk_cpu(server, f"http://{server.host}{path}", seconds, headers)
        static, _, static_cpu = serving.wrk_cpu(
            server, f"http://{server.host}{copy}", seconds, static_headers
        )
        pairs.append([rate, p99, static, static / rate, cpu / static_cpu])
    return sorted(pairs, key=lambda pair: pair[3])[len(pairs) // 2]


def measure_pages(server, pages, copies, seconds, rounds):
    rows = []
    for name, path in pages:
        queries, _content = cold_queries(path, server.host)
        cold = server.cold_ms(path, 5, before_each=write_happened)
        for _ in range(10):  # every worker holds the page
            server.get(path)
        warm = server.median_ms(path, 20)
        measured = against_static(server, path, copies[name], seconds, rounds)
        rows.append([name, *cold, warm, *measured, queries])
    pair, pair_copy = pages[2][1], copies[pages[2][0]]
    etag, static_etag = server.get(pair)[1]["ETag"], server.get(pair_copy)[1]["ETag"]
    measured = against_static(
        server,
        pair,
        pair_copy,
        seconds,
        rounds,
        headers=[f"If-None-Match: {etag}"],
        static_headers=[f"If-None-Match: {static_etag}"],
    )
    rows.append(["304 of pair compare", None, None, None, *measured, 1])
    return rows


def synthetic(server, versions, provisions, work):
    """Import times and cold pages on the synthetic corpus, or None without its generator."""
    try:
        from benchmarks.corpus import write_corpus
    except ImportError:
        return None
    folder = Path(work) / "corpus"
    write_corpus(folder, versions, provisions)
    started = time.perf_counter()
    manage("import_plans", str(folder))
    first = time.perf_counter() - started
    started = time.perf_counter()
    manage("import_plans", str(folder))
    second = time.perf_counter() - started
    from provisions.models import PlanVersion

    last, before = PlanVersion.objects.in_date_order().reverse()[:2]
    pair = f"/compare/{before.slug}/{last.slug}/"
    synoptic = synoptic_url(12)
    results = {"import": first, "import again": second}
    for label, path in (
        (f"pair compare ({versions}×{provisions})", pair),
        ("synoptic of 12", synoptic),
    ):
        results[label] = (
            *server.cold_ms(path, 5, before_each=write_happened),
            cold_queries(path, server.host)[0],
        )
    write_happened()
    results["synoptic of 12 memory"] = serving.peak_above_idle_mb(
        server, lambda: server.get(synoptic)
    )
    return results


def align_time(size):
    """(base size, new size, seconds) of align() on `size` provisions a side of real wording
    (the alignment benchmark's timing inputs: the dossier and invented texts)."""
    from benchmarks.align_eval import timing_inputs
    from provisions.engines.alignment import align

    base, new = timing_inputs(size)
    started = time.perf_counter()
    align(base, new)
    return len(base), len(new), time.perf_counter() - started


def search_rows():
    """PostgreSQL search timings, from a run of this module under scripts/with-postgres."""
    if not Path("/usr/lib/postgresql/15/bin/pg_ctl").exists():
        return None
    output = subprocess.run(
        ["scripts/with-postgres", sys.executable, "-m", "benchmarks.search_scale"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def fmt(value, digits=0):
    return "" if value is None else f"{value:,.{digits}f}"


def print_report(page_rows, synthetic_results, aligned, searches, args):
    models = [
        line for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line
    ]
    cpu = models[0].split(":", 1)[1].strip() if models else platform.machine()
    config = "deploy/gunicorn.conf.py" if serving.GUNICORN_CONFIG.exists() else "2 sync workers"
    print(f"PlanCompare benchmark, {datetime.date.today()}, {cpu}, {os.cpu_count()} cores")
    print(f"Python {platform.python_version()}, pages on SQLite, gunicorn with {config},")
    print(f"wrk 8 connections for {args.seconds} s per URL, median of {args.rounds} pairs")
    print()
    head = [
        "page",
        "cold ms",
        "cold CPU ms",
        "warm ms",
        "req/s",
        "p99 ms",
        "static req/s",
        "static/page",
        "CPU/request page/static",
        "queries",
    ]
    print("| " + " | ".join(head) + " |")
    print("| --- " + "| ---: " * (len(head) - 1) + "|")
    for name, cold, cpu, warm, rate, p99, static, ratio, cpu_ratio, queries in page_rows:
        cells = [name, fmt(cold, 1), fmt(cpu, 1), fmt(warm, 1), fmt(rate), fmt(p99, 1)]
        cells += [fmt(static), f"{ratio:.2f}×", f"{cpu_ratio:.2f}×", str(queries)]
        print("| " + " | ".join(cells) + " |")
    print()
    if synthetic_results is None:
        print("synthetic corpus: benchmarks/corpus.py is not there yet")
    else:
        print(f"| synthetic {args.versions} versions × {args.provisions} provisions | figure |")
        print("| --- | ---: |")
        print(f"| import | {synthetic_results.pop('import'):.1f} s |")
        print(f"| import again (nothing changed) | {synthetic_results.pop('import again'):.1f} s |")
        memory = synthetic_results.pop("synoptic of 12 memory")
        for label, (ms, cpu, queries) in synthetic_results.items():
            print(f"| {label}, cold | {ms:,.0f} ms ({cpu:,.0f} ms CPU), {queries} queries |")
        print(f"| synoptic of 12, peak above the idle worker | {memory:.0f} MB |")
    print()
    if aligned:
        print(f"align {aligned[0]} × {aligned[1]}: {aligned[2] * 1000:,.0f} ms")
    if searches is None:
        print("PostgreSQL search: not measured (--no-search, or no PostgreSQL 15 server here)")
    else:
        print()
        print("| PostgreSQL search `q=armed forces` | ms | queries |")
        print("| --- | ---: | ---: |")
        for provisions, ms, queries in searches:
            print(f"| {provisions:,} provisions | {ms:,.1f} | {queries} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=40)
    parser.add_argument("--provisions", type=int, default=150)
    parser.add_argument("--align", type=int, default=500, help="provisions a side for align()")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per URL")
    parser.add_argument(
        "--rounds", type=int, default=3, help="page/static pairs per page (the median is shown)"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the PostgreSQL search")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("benchmarks.run: needs wrk (apt-get install wrk)")
    work = tempfile.mkdtemp(prefix="plancompare-benchmark.")
    server = static_folder = None
    try:
        setup_django(f"sqlite:///{work}/db.sqlite3")
        manage("migrate", "--noinput")
        manage("import_plans", "fixtures/")
        manage("collectstatic", "--noinput")
        pages = [(name, path or synoptic_url(9)) for name, path in PAGES]
        port = serving.free_port()
        static_folder, copies = static_copies(pages, f"127.0.0.1:{port}")
        log = open(Path(work) / "gunicorn.log", "w")  # noqa: SIM115 (closed with the folder)
        server = serving.Gunicorn(dict(os.environ), port, log)
        page_rows = measure_pages(server, pages, copies, args.seconds, args.rounds)
        synthetic_results = synthetic(server, args.versions, args.provisions, work)
        aligned = align_time(args.align)
        searches = None if args.no_search else search_rows()
    finally:
        if server:
            server.stop()
        if static_folder:
            shutil.rmtree(static_folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print_report(page_rows, synthetic_results, aligned, searches, args)


if __name__ == "__main__":
    main()
