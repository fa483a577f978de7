import os

import pytest
from django.test import override_settings

# Playwright's sync API runs an asyncio loop on the test thread; without this, Django's
# async-safety guard refuses test-database setup and ORM calls in browser tests.
# It must be process-wide (set at import), not a function-scoped fixture.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"  # Debian's build; Playwright's own browser download cannot work here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    # Production's manifest storage needs collectstatic; tests read STATICFILES_DIRS directly.
    from django.conf import settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def _empty_page_cache():
    # A rolled-back test can leave the data version where the next test takes it up again.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
