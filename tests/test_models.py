import pytest
from django.db import IntegrityError, transaction

from provisions.models import Citation, PlanVersion, Provision
from tests.factories import make_provision, make_source, make_thread, make_version

pytestmark = pytest.mark.django_db


def assert_refused_by_the_database(action):
    """The action fails with an IntegrityError, and the savepoint around it is rolled back."""
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_version_slugs_are_unique():
    version = make_version()
    assert_refused_by_the_database(lambda: make_version(slug=version.slug))


def test_a_number_is_unique_within_a_version_but_not_across_versions():
    first, second = make_version(), make_version()
    make_provision(first, number="6")
    make_provision(second, number="6")

    assert_refused_by_the_database(lambda: make_provision(first, number="6"))


def test_several_unnumbered_provisions_may_share_a_version():
    version = make_version()
    make_provision(version, number=None)
    make_provision(version, number=None)

    assert version.provisions.filter(number__isnull=True).count() == 2


def test_a_version_cannot_be_based_on_itself():
    version = make_version()
    version.based_on = version

    assert_refused_by_the_database(version.save)


@pytest.mark.parametrize(
    ("field", "value"), [("stage", "rumour"), ("text_basis", "guess"), ("completeness", "most")]
)
def test_version_choices_are_enforced_by_the_database(field, value):
    version = make_version()

    assert_refused_by_the_database(
        lambda: PlanVersion.objects.filter(pk=version.pk).update(**{field: value})
    )


def test_provision_status_is_enforced_by_the_database():
    provision = make_provision(make_version())

    assert_refused_by_the_database(
        lambda: Provision.objects.filter(pk=provision.pk).update(status="maybe")
    )


def test_a_citation_supports_exactly_one_thing():
    source = make_source()
    version = make_version()
    provision = make_provision(version)

    assert_refused_by_the_database(lambda: Citation.objects.create(source=source))
    assert_refused_by_the_database(
        lambda: Citation.objects.create(source=source, provision=provision, version=version)
    )


def test_thread_and_source_slugs_are_unique():
    thread = make_thread()
    source = make_source()

    assert_refused_by_the_database(lambda: make_thread(slug=thread.slug))
    assert_refused_by_the_database(lambda: make_source(slug=source.slug))


def test_a_provision_links_to_its_anchor_on_the_version_page():
    version = make_version(slug="draft-a")
    numbered = make_provision(version, number="10a")
    unnumbered = make_provision(version, number=None, position=7)

    assert numbered.get_absolute_url() == "/versions/draft-a/#point-10a"
    assert unnumbered.get_absolute_url() == "/versions/draft-a/#unnumbered-point-7"
