"""The data set of fixtures/, loaded once per test module and rolled back afterwards.

Use with `pytestmark = pytest.mark.usefixtures("plans")` after importing `plans`. Once a
module's test has used it, the data stays until the module ends. Each test still runs in its
own savepoint, so tests may add to the data freely.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_plans", "fixtures/", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
