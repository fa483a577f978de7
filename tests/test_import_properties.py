"""Property tests: whatever the files hold, an import either succeeds or fails with one line,
never with a traceback, and a failed import writes nothing."""

import io
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_corpus
from provisions.importing import format

pytestmark = pytest.mark.django_db

KNOWN_KEYS = sorted(
    {
        *format.VERSION_KEYS,
        *format.PROVISION_KEYS,
        *format.SOURCE_KEYS,
        *format.THREAD_KEYS,
        *format.THEME_KEYS,
        *format.CLAIM_KEYS,
        "version",
        "provisions",
        "party",
        "position",
        "plan",
    }
)
# Every character but surrogates, with the troublesome ones often.
texts = st.text(
    st.characters(exclude_categories=["Cs"]) | st.sampled_from("\x00\x0b\x1b\x85\t\n\r:-#&*|>'\""),
    max_size=30,
)
scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | texts | st.dates()
    | st.sampled_from(["us-28", "subject-00001", "source-0001", "draft-001", "1", "sovereignty"])
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | texts, children, max_size=4)
    ),
    max_leaves=10,
)
settings_for_imports = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"), versions=2, provisions=4, seed=5)


@pytest.fixture
def imported(corpus):
    call_command("import_plans", str(corpus), stdout=io.StringIO())
    return corpus


def row_counts():
    """Rows of every table of the app, history and many-to-many tables included."""
    models = apps.get_app_config("provisions").get_models(include_auto_created=True)
    return {model._meta.db_table: model._default_manager.count() for model in models}


def import_is_all_or_nothing(folder):
    """Import `folder`; a failure must be one line and leave every table as it was."""
    before = row_counts()
    try:
        call_command("import_plans", str(folder), stdout=io.StringIO())
    except CommandError as error:
        assert str(error) and "\n" not in str(error)
        assert row_counts() == before
        return False
    return True


def files_of(folder):
    return sorted(p for p in Path(folder).rglob("*.yaml"))


def mutate_structure(data, draw):
    """Replace, delete or add one value somewhere inside a loaded YAML document."""
    if not isinstance(data, dict | list) or not data or draw(st.integers(0, 3)) == 0:
        return draw(values)
    if isinstance(data, dict):
        key = draw(st.sampled_from(sorted(data, key=repr)))
        action = draw(st.sampled_from(["descend", "delete", "add"]))
        if action == "delete":
            del data[key]
        elif action == "add":
            data[draw(st.sampled_from(KNOWN_KEYS) | texts)] = draw(values)
        else:
            data[key] = mutate_structure(data[key], draw)
    else:
        index = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["descend", "delete", "duplicate"]))
        if action == "delete":
            del data[index]
        elif action == "duplicate":
            data.append(data[index])
        else:
            data[index] = mutate_structure(data[index], draw)
    return data


@contextmanager
def a_file_of_a_copy(corpus, data):
    """A copy of the corpus in a temporary folder, and one of its files drawn by `data`."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(corpus, folder, dirs_exist_ok=True)
        yield folder, data.draw(st.sampled_from(files_of(folder)))


@settings_for_imports
@given(data=st.data())
def test_a_mutated_document_imports_fully_or_fails_with_one_line(imported, data):
    with a_file_of_a_copy(imported, data) as (folder, path):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document = mutate_structure(document, data.draw)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

        if import_is_all_or_nothing(folder):
            output = io.StringIO()
            call_command("import_plans", folder, stdout=output)
            assert output.getvalue().startswith("0 created, 0 updated, 0 deleted")


@settings_for_imports
@given(data=st.data())
def test_a_file_with_bytes_spliced_in_imports_fully_or_fails_with_one_line(imported, data):
    with a_file_of_a_copy(imported, data) as (folder, path):
        raw = path.read_bytes()
        start = data.draw(st.integers(0, len(raw)))
        end = data.draw(st.integers(start, min(len(raw), start + 20)))
        spliced = data.draw(st.binary(max_size=8) | texts.map(str.encode))
        path.write_bytes(raw[:start] + spliced + raw[end:])

        import_is_all_or_nothing(folder)


@settings_for_imports
@given(document=values)
def test_any_document_under_any_kind_of_name_imports_fully_or_fails_with_one_line(document):
    with tempfile.TemporaryDirectory() as folder:
        for name in (
            "plans/x.yaml",
            "sources.yaml",
            "themes.yaml",
            "threads.yaml",
            "commentary.yaml",
        ):
            path = Path(folder) / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
            import_is_all_or_nothing(path)
