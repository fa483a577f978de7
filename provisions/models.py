"""The data model: versions of a negotiated text, their provisions, the subjects
(threads) that link provisions across versions, and the sources behind them.

Nothing here assumes a particular negotiation: themes, parties and stages of
drafting are data or generic choices.
"""

from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


def choice_values(choices):
    return [value for value, _label in choices.choices]


class SourceKind(models.TextChoices):
    FULL_TEXT = "full-text", "Full text"
    REPORT = "report", "Report"
    ANALYSIS = "analysis", "Analysis"
    OFFICIAL_STATEMENT = "official-statement", "Official statement"


class Stage(models.TextChoices):
    LEAKED_DRAFT = "leaked-draft", "Leaked draft"
    PROPOSAL = "proposal", "Proposal"
    COUNTER_PROPOSAL = "counter-proposal", "Counter-proposal"
    NEGOTIATED_DRAFT = "negotiated-draft", "Negotiated draft"
    FRAMEWORK = "framework", "Framework"
    DECLARATION = "declaration", "Declaration"
    AGREEMENT = "agreement", "Agreement"


class TextBasis(models.TextChoices):
    VERBATIM = "verbatim", "Verbatim text"
    PARAPHRASE = "paraphrase", "Close paraphrase"
    REPORTED = "reported", "Reported summary"


class Completeness(models.TextChoices):
    FULL = "full", "Full"
    PARTIAL = "partial", "Partial"


class ProvisionStatus(models.TextChoices):
    PROPOSED = "proposed", "As proposed"
    AGREED = "agreed", "Agreed"
    BRACKETED = "bracketed", "Bracketed"
    DISPUTED = "disputed", "Disputed"


class Accuracy(models.TextChoices):
    CONSISTENT = "consistent", "Consistent with the text"
    CONTRADICTS_TEXT = "contradicts-text", "Contradicts the text"
    UNCLEAR = "unclear", "Unclear"


class Party(models.Model):
    """A state, bloc, organisation or camp whose name appears as a drafter or a position."""

    name = models.CharField(max_length=200, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name


class ThemeQuerySet(models.QuerySet):
    def with_thread_counts(self):
        # Meta.ordering does not apply to a GROUP BY query: without order_by the order is
        # whatever the database's aggregation gives (on PostgreSQL, a hash order).
        return self.annotate(thread_count=Count("threads")).order_by("name")


class Theme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    objects = ThemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("provisions:theme_detail", args=[self.slug])


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        """Sources with the number of citations and claims each makes."""
        return self.annotate(
            citation_count=Count("citations", distinct=True),
            claim_count=Count("claims", distinct=True),
        )


class Source(models.Model):
    Kind = SourceKind

    slug = models.SlugField(
        max_length=200, unique=True, help_text="Stable identifier (the data's id)."
    )
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300)
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000)
    published = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    language = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(SourceKind)), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return reverse("provisions:source_detail", args=[self.slug])


class ThreadQuerySet(models.QuerySet):
    def with_themes(self):
        return self.prefetch_related("themes")

    def with_appearances(self):
        """Threads with their provisions (in reading order) and removals, each with its version."""
        return self.prefetch_related(
            Prefetch("provisions", queryset=Provision.objects.select_related("version").in_order()),
            Prefetch("removals", queryset=Removal.objects.select_related("version")),
        )


class Thread(models.Model):
    """A subject that provisions of several versions address: one row of a synoptic table."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="threads")

    objects = ThreadQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("provisions:thread_detail", args=[self.slug])


class PlanVersionQuerySet(models.QuerySet):
    def in_date_order(self):
        return self.order_by("published", "id")

    def with_base(self):
        """Versions with the version each revises, which their comparison link needs."""
        return self.select_related("based_on")

    def lineage(self):
        """{slug: slug of the version it revises, or None} for every version, in one query."""
        return dict(self.values_list("slug", "based_on__slug"))

    def for_listing(self):
        """Everything the list of versions shows, in a fixed number of queries."""
        return (
            self.in_date_order()
            .with_base()
            .prefetch_related("drafted_by")
            .annotate(provision_count=Count("provisions"))
        )

    def newest_first(self):
        return self.prefetch_related("drafted_by").order_by("-published", "-id")

    def for_api(self):
        """A version with its base, drafters and citations (its own, not its provisions')."""
        return self.with_base().prefetch_related(
            "drafted_by", Citation.objects.prefetch_with_source()
        )

    def for_comparison(self):
        """Versions as a comparison heads them (base, drafters); provisions.lean loads what
        they contain."""
        return self.with_base().prefetch_related("drafted_by")

    def on_theme(self, theme):
        """Versions with a provision on `theme` (itself or through its threads), in date order."""
        on_theme = Q(provisions__threads__themes=theme) | Q(provisions__themes=theme)
        return self.filter(on_theme).distinct().in_date_order()


class PlanVersion(models.Model):
    Stage = Stage

    TextBasis = TextBasis

    Completeness = Completeness

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100)
    drafted_by = models.ManyToManyField(Party, related_name="drafted_versions")
    published = models.DateField(help_text="The date the text appeared.")
    published_note = models.TextField(blank=True)
    stage = models.CharField(max_length=30, choices=Stage.choices)
    status = models.CharField(max_length=300, blank=True, help_text="Free text on its standing.")
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        help_text="The version this one revises.",
    )
    text_basis = models.CharField(max_length=20, choices=TextBasis.choices)
    text_basis_note = models.CharField(max_length=300, blank=True)
    completeness = models.CharField(
        max_length=10, choices=Completeness.choices, default=Completeness.FULL
    )
    summary = models.TextField(help_text="Markdown.")
    notes = models.TextField(blank=True, help_text="Markdown: lineage, annexes, caveats.")

    objects = PlanVersionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[drafted_by])

    class Meta:
        ordering = ["published", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(based_on=F("id")), name="planversion_not_based_on_itself"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=choice_values(Stage)), name="planversion_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(text_basis__in=choice_values(TextBasis)),
                name="planversion_text_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(completeness__in=choice_values(Completeness)),
                name="planversion_completeness_valid",
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("provisions:version_detail", args=[self.slug])

    def get_comparison_url(self, thread=None):
        """The comparison with the version this one revises (at a thread's row), or None.

        Select `based_on` with the version when calling this in a loop.
        """
        if self.based_on_id is None:
            return None
        url = reverse("provisions:compare_pair", args=[self.based_on.slug, self.slug])
        return f"{url}#t-{thread.slug}" if thread else url


# Provisions read in the order of the texts: by version date, then position in the version.
READING_ORDER = ("version__published", "version_id", "position", "id")


class ProvisionQuerySet(models.QuerySet):
    def in_order(self):
        """Reading order (READING_ORDER)."""
        return self.order_by(*READING_ORDER)

    def for_results(self):
        """What a search result shows: its version (and base, for the compare link), threads,
        themes."""
        return self.select_related("version__based_on").prefetch_related("threads", "themes")

    def for_display(self):
        """A provision with everything a page shows beside its text, prefetched."""
        return (
            self.in_order()
            .for_results()
            .prefetch_related(
                Prefetch("positions", queryset=PartyPosition.objects.select_related("party")),
                Citation.objects.prefetch_with_source(),
            )
        )


class PointLabel:
    """A provision's label and anchor, from its `number` and `position` (model and
    provisions.lean alike)."""

    @property
    def label(self):
        return f"point {self.number}" if self.number else f"unnumbered point {self.position}"

    @property
    def anchor(self):
        if self.number:
            return f"point-{slugify(self.number)}"
        return f"unnumbered-point-{self.position}"


class Provision(PointLabel, models.Model):
    Status = ProvisionStatus

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="provisions")
    # NULL, not "", for "no number": the uniqueness of numbers must ignore unnumbered points.
    number = models.CharField(  # noqa: DJ001
        max_length=20,
        null=True,
        blank=True,
        help_text='The point\'s label as written ("6", "10a"); empty where reports give none.',
    )
    position = models.PositiveIntegerField(help_text="Order within the version.")
    text = models.TextField(help_text="Markdown; sub-points as a Markdown list.")
    threads = models.ManyToManyField(Thread, blank=True, related_name="provisions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="provisions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    reported = models.BooleanField(default=False, help_text="Known only from reports.")
    rendering_notes = models.TextField(blank=True)

    objects = ProvisionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[threads, themes])

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                condition=Q(number__isnull=False),
                name="provision_number_unique_in_version",
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(ProvisionStatus)),
                name="provision_status_valid",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="provision_number_not_blank"),
        ]

    def __str__(self):
        return f"{self.version.short_name} {self.label}"

    def get_absolute_url(self):
        return f"{self.version.get_absolute_url()}#{self.anchor}"


class PartyPosition(models.Model):
    """A party's stance on a provision, where the parties' stances differ."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="positions")
    position = models.TextField()
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.party}: {self.position[:60]}"


class RemovalQuerySet(models.QuerySet):
    def with_sources(self):
        """Removals with their version, thread and citations (each with its source)."""
        return self.select_related("version", "thread").prefetch_related(
            Citation.objects.prefetch_with_source()
        )


class Removal(models.Model):
    """A subject of the base version that a version explicitly removed.

    One thread may be removed by several entries when sources give different accounts.
    """

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="removals")
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="removals")
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = RemovalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="removal_order_unique")
        ]

    def __str__(self):
        return f"{self.version.short_name} removed {self.thread.title}"

    def get_absolute_url(self):
        return f"{self.version.get_absolute_url()}#removed-{self.thread.slug}"


class CitationQuerySet(models.QuerySet):
    def prefetch_with_source(self, lookup="citations"):
        """Prefetch `lookup` (citations of the objects fetched) with each citation's source."""
        return Prefetch(lookup, queryset=self.select_related("source"))

    def with_targets(self):
        """Citations with what each supports, in the reading order of the provisions."""
        return (
            self.select_related(
                "source", "provision__version", "version", "removal__version", "removal__thread"
            )
            .prefetch_related("provision__threads")
            .order_by("provision__version__published", "provision__position", "id")
        )


class Citation(models.Model):
    """A source supporting exactly one of: a provision, a version as a whole, or a removal."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    removal = models.ForeignKey(
        Removal, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(provision__isnull=False, version__isnull=True, removal__isnull=True)
                    | Q(provision__isnull=True, version__isnull=False, removal__isnull=True)
                    | Q(provision__isnull=True, version__isnull=True, removal__isnull=False)
                ),
                name="citation_has_exactly_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.source.slug} for {self.target}"

    @property
    def target(self):
        return self.provision or self.version or self.removal


class ClaimQuerySet(models.QuerySet):
    def with_targets(self):
        """Claims with the provisions and removals they are about, each with its version."""
        return self.prefetch_related(
            Prefetch("provisions", queryset=Provision.objects.select_related("version")),
            Prefetch("removals", queryset=Removal.objects.select_related("version", "thread")),
        )


class Claim(models.Model):
    """What a commentary source says about provisions, with an editor's verdict."""

    Accuracy = Accuracy

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    claim = models.TextField()
    accuracy = models.CharField(max_length=20, choices=Accuracy.choices)
    note = models.TextField(blank=True)
    provisions = models.ManyToManyField(Provision, blank=True, related_name="claims")
    removals = models.ManyToManyField(Removal, blank=True, related_name="claims")

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[provisions, removals])

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accuracy__in=choice_values(Accuracy)), name="claim_accuracy_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source.slug}: {self.claim[:60]}"


class DataVersion(models.Model):
    """The one stamp of the public data: database triggers on every content table bump it in
    the same transaction as the write (provisions/data_version.py), so a page cached under it
    is never served after a committed change.

    Its one row is created by migration 0006. Unmanaged, so that flushing the database (as
    tests do) empties the content but keeps the stamp counting.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.BigIntegerField()
    changed_us = models.BigIntegerField(help_text="Microseconds since 1970 at the last bump.")

    class Meta:
        managed = False
        db_table = "provisions_dataversion"

    def __str__(self):
        return f"data version {self.number}"
