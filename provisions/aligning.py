"""Align a version to the version it revises: ORM glue around the alignment engine.

The engine (provisions/engines/alignment.py) sees plain keys and texts. Here the provisions of
two versions are loaded in order, keyed as the engine keys them ("6", or "#3" for the
third provision when it has no number), and the engine's suggestions are turned into
thread links: a new provision joins the threads of the base provisions it continues,
and a provision continuing nothing gets a thread of its own.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import Truncator, slugify

from .engines.alignment import Alignment, BaseProvision, NewProvision, align, provision_key
from .models import PlanVersion, Provision, Thread

THREAD_TITLE_WORDS = 8
THREAD_SLUG_CHARS = 60
_MARKUP = re.compile(r"[*_`#>\[\]]|^\s*[-+]\s+|^\s*\d+[.)]\s+", re.MULTILINE)


class AlignmentError(Exception):
    """Two versions cannot be aligned; the message is one line for the user."""


def find_version(slug):
    try:
        return PlanVersion.objects.select_related("based_on").get(slug=slug)
    except PlanVersion.DoesNotExist:
        raise AlignmentError(f"No version has the slug {slug!r}.") from None


def versions_to_align(new_slug, base_slug=None):
    """The (new, base) versions; the base defaults to the version the new one revises."""
    new = find_version(new_slug)
    if base_slug is None:
        if new.based_on is None:
            raise AlignmentError(
                f"{new.slug!r} names no version it revises (based_on); give one with --to."
            )
        return new, new.based_on
    base = find_version(base_slug)
    if base.pk == new.pk:
        raise AlignmentError(f"{new.slug!r} cannot be aligned to itself.")
    return new, base


def keyed_provisions(version):
    """{key: provision} in order, with their threads, keyed as the engine keys them."""
    provisions = Provision.objects.filter(version=version).in_order().prefetch_related("threads")
    return {
        provision_key(provision.number, position): provision
        for position, provision in enumerate(provisions, start=1)
    }


def base_provisions(keyed):
    return [
        BaseProvision(key, provision.text, tuple(t.slug for t in provision.threads.all()))
        for key, provision in keyed.items()
    ]


def align_versions(new, base):
    """The engine's suggestions for the new version against the base, and both keyings.

    The new version's own thread links are ignored: the suggestions come from the texts.
    """
    new_keyed, base_keyed = keyed_provisions(new), keyed_provisions(base)
    alignment = align(
        base_provisions(base_keyed),
        [NewProvision(key, provision.text) for key, provision in new_keyed.items()],
    )
    return alignment, new_keyed, base_keyed


def alignment_as_dict(alignment, new, base):
    """The JSON shape of `align_plan --json`."""
    return {
        "base": base.slug,
        "new": new.slug,
        "links": [
            {"base": link.base, "new": link.new, "relation": link.relation, "score": link.score}
            for link in alignment.links
        ],
        "added": list(alignment.added),
        "dropped": list(alignment.dropped),
    }


def links_by_new_key(alignment: Alignment):
    """{new key: [links]}, each list in the engine's order."""
    grouped = {}
    for link in alignment.links:
        grouped.setdefault(link.new, []).append(link)
    return grouped


def thread_title(text):
    """A working title for a new thread: the first words of the text, without markup."""
    plain = " ".join(_MARKUP.sub(" ", text).split())
    title = Truncator(plain).words(THREAD_TITLE_WORDS, truncate="…")
    return (title[:1].upper() + title[1:]) or "Untitled subject"


class ThreadMaker:
    """Creates threads with unique slugs, recording the user in their history."""

    def __init__(self, user=None):
        self.user = user
        # One query however many threads are created; the caller holds a transaction.
        self.taken = set(Thread.objects.values_list("slug", flat=True))
        self.created = []

    def make(self, title):
        stem = slugify(title.removesuffix("…"))[:THREAD_SLUG_CHARS].strip("-") or "subject"
        slug, n = stem, 1
        while slug in self.taken:
            n += 1
            slug = f"{stem}-{n}"
        self.taken.add(slug)
        thread = Thread(slug=slug, title=title)
        record_user(thread, self.user)
        thread.save()
        self.created.append(thread)
        return thread

    def threads_of(self, provision):
        """The provision's threads; a provision with none first gets one of its own."""
        threads = list(provision.threads.all())
        if not threads:
            threads = [self.make(thread_title(provision.text))]
            record_user(provision, self.user)
            provision.threads.add(*threads)  # also clears the prefetched threads
        return threads

    def threads_continuing(self, base_provisions):
        """The threads of the base provisions, each once, in order."""
        threads = []
        for provision in base_provisions:
            threads += [t for t in self.threads_of(provision) if t not in threads]
        return threads


def record_user(instance, user):
    """Name the user in the history record of the next save (outside a request too)."""
    if user is not None:
        instance._history_user = user


@dataclass
class ApplyReport:
    linked: list = field(default_factory=list)  # (new key, [thread slugs])
    created: list = field(default_factory=list)  # slugs of new threads
    already_linked: list = field(default_factory=list)  # new keys left as they were

    def summary(self):
        return (
            f"{len(self.linked)} provisions linked, {len(self.created)} threads created, "
            f"{len(self.already_linked)} already linked and left as they were."
        )


def apply_alignment(alignment, new_keyed, base_keyed, user=None):
    """Link the new provisions that have no thread yet, in one transaction.

    A provision continuing base provisions joins their threads (a base provision with no
    thread gets one first); a provision continuing nothing gets a thread of its own,
    titled from its first words.
    """
    report = ApplyReport()
    links = links_by_new_key(alignment)
    with transaction.atomic():
        maker = ThreadMaker(user)
        for key, provision in new_keyed.items():
            if provision.threads.all():
                report.already_linked.append(key)
                continue
            if key in links:
                threads = maker.threads_continuing([base_keyed[link.base] for link in links[key]])
            else:
                threads = [maker.make(thread_title(provision.text))]
            record_user(provision, user)
            provision.threads.add(*threads)
            report.linked.append((key, [thread.slug for thread in threads]))
        report.created = [thread.slug for thread in maker.created]
    return report
