"""WSGI entry point: `gunicorn plancompare.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from plancompare.warmup import warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plancompare.settings")

application = get_wsgi_application()
warm_up()
