"""Link a new version to the version it revises: the engine's suggestions, then the decisions.

One path for both callers. `align_plan` asks for suggestions on a version already in the
database and applies them as they are; the admin's "Add a draft from text" asks for
suggestions on pasted points, lets the editor change each one and applies what was
confirmed. Either way a new provision joins the threads of the base provisions it
continues (a base provision with no thread gets one first), an existing thread or a new
one; a provision without themes takes its threads' themes; base subjects recorded as
removed become Removals. Every record written names the user in its history.

Provisions are keyed as the engine keys them: "6", or "#3" for the third provision when
it has no number.
"""

import math
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import Truncator, slugify

from .engines.alignment import Alignment, BaseProvision, NewProvision, align, provision_key
from .engines.diffing import similarity
from .history import record_user
from .models import PlanVersion, Provision, Removal, Thread

THREAD_TITLE_WORDS = 8
THREAD_SLUG_CHARS = 60
_MARKUP = re.compile(r"[*_`#>\[\]]|^\s*[-+]\s+|^\s*\d+[.)]\s+", re.MULTILINE)


class LinkingError(Exception):
    """Two versions cannot be linked; the message is one line for the user."""


def find_version(slug):
    try:
        return PlanVersion.objects.with_base().get(slug=slug)
    except PlanVersion.DoesNotExist:
        raise LinkingError(f"No version has the slug {slug!r}.") from None


def versions_to_align(new_slug, base_slug=None):
    """The (new, base) versions; the base defaults to the version the new one revises."""
    new = find_version(new_slug)
    if base_slug is None:
        if new.based_on is None:
            raise LinkingError(
                f"{new.slug!r} names no version it revises (based_on); give one with --to."
            )
        return new, new.based_on
    base = find_version(base_slug)
    if base.pk == new.pk:
        raise LinkingError(f"{new.slug!r} cannot be aligned to itself.")
    return new, base


def keyed_provisions(version):
    """{key: provision} in reading order with their threads; {} for no version."""
    if version is None:
        return {}
    provisions = Provision.objects.filter(version=version).in_order().prefetch_related("threads")
    return {
        provision_key(provision.number, position): provision
        for position, provision in enumerate(provisions, start=1)
    }


def words_kept(old, new):
    """The share of the words of two texts left unchanged, rounded down to 2 decimals so a
    changed word never shows as 1.00."""
    return math.floor(similarity(old, new) * 100 + 1e-9) / 100


@dataclass(frozen=True)
class Decision:
    """What one new provision continues; all fields empty leaves it unlinked."""

    base_keys: tuple[str, ...] = ()  # continue these base provisions: join their threads
    thread: Thread | None = None  # join this existing thread
    new_thread_title: str = ""  # start a thread with this title


@dataclass
class Suggestions:
    """The engine's suggestions for new texts against the base version's provisions."""

    alignment: Alignment
    base_keyed: dict[str, Provision]
    new_texts: dict[str, str]  # key: text, in the new version's order

    def links_of(self, key):
        return [link for link in self.alignment.links if link.new == key]

    def decisions(self):
        """{key: Decision} as suggested: continue the linked base provisions, else a new
        thread titled from the text's first words."""
        return {
            key: Decision(base_keys=tuple(link.base for link in links))
            if (links := self.links_of(key))
            else Decision(new_thread_title=thread_title(text))
            for key, text in self.new_texts.items()
        }

    def as_dict(self, new_slug, base_slug):
        """The JSON shape of `align_plan --json`."""
        return {
            "base": base_slug,
            "new": new_slug,
            "links": [
                {
                    "base": link.base,
                    "new": link.new,
                    "relation": link.relation,
                    "score": link.score,
                    "shared": list(link.shared),
                    "sure": link.sure,
                }
                for link in self.alignment.links
            ],
            "added": list(self.alignment.added),
            "dropped": list(self.alignment.dropped),
        }


def suggest(base, new_texts):
    """Suggestions for new texts ({key: text}, in order) against the base version (or None)."""
    base_keyed = keyed_provisions(base)
    alignment = align(
        [
            BaseProvision(key, provision.text, tuple(t.slug for t in provision.threads.all()))
            for key, provision in base_keyed.items()
        ],
        [NewProvision(key, text) for key, text in new_texts.items()],
    )
    return Suggestions(alignment, base_keyed, dict(new_texts))


def suggest_for_version(new, base):
    """Suggestions for a version in the database, from its texts (its own links are ignored),
    and its provisions keyed."""
    new_keyed = keyed_provisions(new)
    return suggest(base, {key: p.text for key, p in new_keyed.items()}), new_keyed


def point_keys(points):
    """The engine's keys of parsed points, in order."""
    return [provision_key(point.number, i) for i, point in enumerate(points, start=1)]


def thread_title(text):
    """A working title for a new thread: the first words of the text, without markup."""
    plain = " ".join(_MARKUP.sub(" ", text).split())
    title = Truncator(plain).words(THREAD_TITLE_WORDS, truncate="…")
    return (title[:1].upper() + title[1:]) or "Untitled subject"


# Left out of a thread's slug: "Commercial shipping on the river is to be…" gives
# "commercial-shipping-river", which reads as a subject in an address.
SLUG_FILLER_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "may", "must", "of", "on", "or", "shall", "that", "the", "their",
    "these", "this", "those", "to", "was", "were", "will", "with", "would",
})  # fmt: skip


def thread_slug(title):
    """The slug of a thread titled so: its words without fillers, at most THREAD_SLUG_CHARS."""
    words = slugify(title.removesuffix("…")).split("-")
    kept = [word for word in words if word not in SLUG_FILLER_WORDS] or words
    return "-".join(kept)[:THREAD_SLUG_CHARS].strip("-") or "subject"


def continued_by(decisions, base_keyed):
    """{base key: a new key that continues it} for every base provision the decisions
    continue: linked to it, or joining one of its threads (directly or through another base
    provision in the same thread)."""
    continued, joined = {}, {}
    for new_key, decision in decisions.items():
        for key in decision.base_keys:
            continued.setdefault(key, new_key)
            for thread in base_keyed[key].threads.all():
                joined.setdefault(thread.pk, new_key)
        if decision.thread:
            joined.setdefault(decision.thread.pk, new_key)
    for key, provision in base_keyed.items():
        by = [joined[t.pk] for t in provision.threads.all() if t.pk in joined]
        if by and key not in continued:
            continued[key] = by[0]
    return continued


def removal_conflicts(decisions, removed_keys, base_keyed):
    """{removed base key: new key} for base subjects recorded as removed that a decision
    continues all the same."""
    continued = continued_by(decisions, base_keyed)
    return {key: continued[key] for key in removed_keys if key in continued}


class ThreadMaker:
    """Creates threads with unique slugs, recording the user in their history."""

    def __init__(self, user=None):
        self.user = user
        # One query however many threads are created; the caller holds a transaction.
        self.taken = set(Thread.objects.values_list("slug", flat=True))
        self.created = []

    def make(self, title):
        stem = thread_slug(title)
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

    def threads_for(self, decision, base_keyed):
        if decision.base_keys:
            return self.threads_continuing([base_keyed[key] for key in decision.base_keys])
        if decision.thread:
            return [decision.thread]
        if decision.new_thread_title:
            return [self.make(decision.new_thread_title)]
        return []


@dataclass
class LinkReport:
    linked: list = field(default_factory=list)  # (new key, [thread slugs])
    created: list = field(default_factory=list)  # slugs of new threads
    already_linked: list = field(default_factory=list)  # new keys left as they were
    removals: list = field(default_factory=list)  # the Removals recorded

    def summary(self):
        return (
            f"{len(self.linked)} provisions linked, {len(self.created)} threads created, "
            f"{len(self.already_linked)} already linked and left as they were."
        )


def apply_decisions(version, provisions, decisions, base_keyed, user=None, removals=None):
    """Link the version's provisions ({key: provision}) that have no thread yet as decided,
    and record the removals ({base key: note}) on it, in one transaction."""
    report = LinkReport()
    with transaction.atomic():
        maker = ThreadMaker(user)
        linked = []
        for key, provision in provisions.items():
            if provision.threads.all():
                report.already_linked.append(key)
                continue
            threads = maker.threads_for(decisions[key], base_keyed)
            if threads:
                record_user(provision, user)
                provision.threads.add(*threads)
                linked.append((provision, threads))
                report.linked.append((key, [thread.slug for thread in threads]))
        _inherit_themes(linked)
        if removals:
            report.removals = _record_removals(version, removals, base_keyed, maker)
        report.created = [thread.slug for thread in maker.created]
    return report


def _inherit_themes(linked):
    """Each provision without themes takes the themes of the threads it joined."""
    provisions = [provision for provision, _threads in linked]
    with_themes = set(
        Provision.themes.through.objects.filter(provision__in=provisions).values_list(
            "provision_id", flat=True
        )
    )
    pairs = Thread.themes.through.objects.filter(
        thread__in={thread for _p, threads in linked for thread in threads}
    ).values_list("thread_id", "theme_id")
    themes = {}
    for thread_id, theme_id in pairs:
        themes.setdefault(thread_id, set()).add(theme_id)
    for provision, threads in linked:
        inherited = {theme for thread in threads for theme in themes.get(thread.pk, ())}
        if inherited and provision.pk not in with_themes:
            provision.themes.set(inherited)


def _record_removals(version, removals, base_keyed, maker):
    """A Removal on the version for each thread of each base provision recorded as removed."""
    order = max(version.removals.values_list("order", flat=True), default=-1) + 1
    recorded, seen = [], set()
    for key, note in removals.items():
        for thread in maker.threads_of(base_keyed[key]):
            if thread.pk in seen:
                continue
            seen.add(thread.pk)
            removal = Removal(version=version, thread=thread, note=note, order=order)
            record_user(removal, maker.user)
            removal.save()
            recorded.append(removal)
            order += 1
    return recorded
