"""Search timings on PostgreSQL at 1×, 10× and 100× the shipped data (126 to 12,600 provisions).

Run under a throwaway server: `scripts/with-postgres python -m benchmarks.search_scale`
(benchmarks/run.py does). Migrates the database DATABASE_URL names, imports the shipped data,
then adds copies of its versions with their provisions and thread links. Prints a table, and
last a JSON line of [provisions, median ms, queries] for `q=armed forces`, for benchmarks.run.
"""

import io
import json
import os
import statistics
import time
from urllib.parse import urlencode

QUERIES = ["armed forces", "sovreignty guarantees", "zaporizh"]
SCALES = (1, 10, 100)
RUNS = 5


def originals():
    """The imported versions, each with its provisions' fields and thread ids."""
    from provisions.models import PlanVersion

    return [
        (version, [(p, [t.pk for t in p.threads.all()]) for p in version.provisions.all()])
        for version in PlanVersion.objects.prefetch_related("provisions__threads")
    ]


def add_copy(n, versions):
    from provisions.models import PlanVersion, Provision

    links = Provision.threads.through
    for version, provisions in versions:
        copy = PlanVersion.objects.create(
            **{
                field.attname: getattr(version, field.attname)
                for field in PlanVersion._meta.concrete_fields
                if field.attname not in ("id", "slug", "based_on_id")
            },
            slug=f"{version.slug}-copy-{n}",
        )
        created = Provision.objects.bulk_create(
            Provision(version=copy, number=p.number, position=p.position, text=p.text)
            for p, _threads in provisions
        )
        links.objects.bulk_create(
            links(provision_id=new.pk, thread_id=thread)
            for new, (_p, threads) in zip(created, provisions, strict=True)
            for thread in threads
        )


def time_search(q):
    """(median ms, queries) of the search page for q, rendered (the page cache emptied)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, timings = Client(), []
    url = "/provisions/?" + urlencode({"q": q})
    for _ in range(RUNS):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers={"host": "127.0.0.1"})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(queries)


def main():
    os.environ.update(DEBUG="0", SECRET_KEY="benchmark-only", ALLOWED_HOSTS="127.0.0.1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "plancompare.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from provisions.models import Provision

    call_command("migrate", verbosity=0)
    call_command("import_plans", "fixtures/", stdout=io.StringIO())
    versions, copies, summary = originals(), 0, []
    print("provisions  " + "  ".join(f"{q!r:>26}" for q in QUERIES))
    for scale in SCALES:
        while copies < scale - 1:
            copies += 1
            add_copy(copies, versions)
        results = [time_search(q) for q in QUERIES]
        count = Provision.objects.count()
        cells = "  ".join(f"{ms:>14.1f} ms {queries:>2} queries" for ms, queries in results)
        print(f"{count:>10,}  {cells}")
        summary.append([count, results[0][0], results[0][1]])
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
