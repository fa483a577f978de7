import io

import pytest
import yaml
from django.core.management import call_command

from benchmarks.corpus import write_corpus
from provisions.models import Claim, PlanVersion, Provision, Removal

pytestmark = pytest.mark.django_db


def import_plans(path):
    out = io.StringIO()
    call_command("import_plans", str(path), stdout=out)
    return out.getvalue()


def test_the_same_seed_writes_the_same_files(tmp_path):
    first, second = write_corpus(tmp_path / "a", 3, 10), write_corpus(tmp_path / "b", 3, 10)

    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_the_corpus_imports_with_what_its_files_hold(tmp_path):
    out = write_corpus(tmp_path, versions=6, provisions=40, seed=3)
    plans = [yaml.safe_load(p.read_text()) for p in sorted((out / "plans").glob("*.yaml"))]

    import_plans(out)

    assert PlanVersion.objects.count() == 6
    assert Provision.objects.count() == sum(len(plan["provisions"]) for plan in plans)
    assert Removal.objects.count() == sum(len(p["version"].get("dropped", [])) for p in plans)
    assert Removal.objects.exists()
    assert Claim.objects.count() == 12
    assert Provision.objects.filter(number__isnull=True).exists()
    assert import_plans(out).startswith("0 created, 0 updated, 0 deleted")
