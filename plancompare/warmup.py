"""Loads, before the first request, what every page needs: the URL patterns (and the view
modules they import) and the project's compiled templates.

plancompare.wsgi calls it as the app loads. Under gunicorn with `preload_app` that is the
master, before it forks: no worker then pays this on its first request (about 100 ms of
imports, URL resolving and template compiling, on top of a cold page), and the workers share
the memory, the collector leaving it alone once frozen (deploy/gunicorn.conf.py).
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import reverse


def warm_up():
    # Reversing a namespaced name loads every URL pattern, importing the views with them.
    reverse("admin:index")
    reverse("provisions:home")
    engine = engines["django"]
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                engine.get_template(path.relative_to(folder).as_posix())
