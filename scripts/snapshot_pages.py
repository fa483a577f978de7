"""Save every public page of the shipped data (HTML, CSV, JSON, the feed) to a directory.

Run before and after a refactoring and compare the two directories (`diff -r`): any difference
must be one that was meant. The data of fixtures/ is imported into a fresh SQLite database in a
temporary directory; nothing else is touched.

    python scripts/snapshot_pages.py OUTPUT_DIRECTORY
"""

import hashlib
import io
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plancompare.settings")
    os.environ.setdefault("PLANCOMPARE_ALLOW_INSECURE_KEY", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_plans", str(ROOT / "fixtures"), stdout=io.StringIO())


def paths():
    """Every public URL of the data set, with the query strings the pages offer or refuse."""

    from provisions.models import PlanVersion, Source, Theme, Thread

    versions = list(PlanVersion.objects.order_by("published", "id"))
    slugs = [version.slug for version in versions]
    themes = list(Theme.objects.values_list("slug", flat=True))
    found = ["/", "/sources/", "/provisions/", "/feeds/versions/"]
    found += [f"/sources/?by={by}" for by in ("kind", "publisher", "date", "colour")]
    for version in versions:
        found += [version.get_absolute_url(), f"/api/versions/{version.slug}/"]
    for thread in Thread.objects.all():
        found += [thread.get_absolute_url(), f"/api/threads/{thread.slug}/"]
    found += [theme.get_absolute_url() for theme in Theme.objects.all()]
    found += [source.get_absolute_url() for source in Source.objects.all()]
    for api in ("versions", "threads", "sources", "provisions"):
        found += [f"/api/{api}/", f"/api/{api}/?page=2", f"/api/{api}/?page=x"]
    pairs = [(v.based_on.slug, v.slug) for v in versions if v.based_on_id]
    pairs += [(slugs[-1], slugs[0]), (slugs[0], slugs[0]), (slugs[0], "no-such-version")]
    for first, second in pairs:
        for prefix in ("/compare/", "/api/compare/"):
            found.append(f"{prefix}{first}/{second}/")
        found.append(f"/compare/{first}/{second}/?format=csv")
        found.append(f"/compare/{first}/{second}/?changed=1&theme={themes[0]}")
    every = "&".join(f"v={slug}" for slug in slugs)
    synoptic = [every, f"{every}&changed=on", f"{every}&theme={themes[0]}", f"v={slugs[0]}"]
    synoptic += [f"{every}&theme=astrology", f"v={slugs[0]}&v={slugs[0]}", f"v={slugs[0]}&v=x"]
    synoptic += [f"v={slugs[0]}&v={slugs[1]}", f"{every}&format=xml"]
    for query in synoptic:
        found += [f"/compare/?{query}", f"/api/compare/?{query}"]
    found.append(f"/compare/?{every}&format=csv")
    words = ["ceasefire", "armed forces", "army troops", "sovereignity", "zaporizh", "x" * 300]
    for q in words:
        found += [f"/provisions/?q={quote(q)}", f"/api/provisions/?q={quote(q)}"]
    for query in (f"theme={themes[0]}", "theme=astrology", f"version={slugs[0]}", "status=x"):
        found += [f"/provisions/?{query}", f"/api/provisions/?{query}"]
    return found


def save(client, path, directory):
    response = client.get(path, HTTP_HOST="localhost")
    name = quote(path, safe="")
    if len(name) > 150:
        name = f"{name[:120]}-{hashlib.sha1(path.encode()).hexdigest()[:12]}"
    headers = "".join(
        f"{key}: {response[key]}\n"
        for key in ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Allow")
        if response.has_header(key)
    )
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    (directory / name).write_bytes(f"{response.status_code}\n{headers}\n".encode() + body)
    if path.startswith(("/api/", "/compare/")) and "format=csv" not in path:
        post = client.post(path, HTTP_HOST="localhost")
        allow = f"Allow: {post['Allow']}\n" if post.has_header("Allow") else ""
        cors = post.get("Access-Control-Allow-Origin", "")
        (directory / f"POST{name}").write_bytes(
            f"{post.status_code}\n{allow}CORS: {cors}\n\n".encode() + post.content
        )


def main(output):
    directory = Path(output)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        setup(Path(scratch) / "snapshot.sqlite3")
        from django.conf import settings
        from django.test import Client, override_settings

        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
            client = Client()
            found = paths()
            for path in found:
                save(client, path, directory)
    print(f"{len(found)} pages saved to {directory}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
