"""The admin page of every model: lists, filters, inlines, history, with no N+1 queries."""

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.urls import path
from django.utils.decorators import method_decorator
from simple_history.admin import SimpleHistoryAdmin

from ..forms import WideTextInput
from ..history import one_creation_record
from ..models import (
    Citation,
    Claim,
    Party,
    PartyPosition,
    PlanVersion,
    Provision,
    Removal,
    Source,
    Theme,
    Thread,
)
from .add_from_text import add_draft_from_text, can_add_drafts

# django-simple-history's list of changes has one inline style, `border-top: 0` on its
# paginator, which the site's policy (no inline style) would block: allowed by its hash only.
HISTORY_STYLE_ATTRIBUTE = "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"


def _check_key(field, value):
    """A key from the URL that `field` cannot hold is a page that does not exist: the package
    would pass it to the database and answer 500."""
    try:
        field.to_python(unquote(value))
    except ValidationError:
        raise Http404 from None


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages as the package draws them, under the site's content security policy;
    an object added here, on its own page or in an inline, starts its history with one
    record that holds its many-to-many fields (a provision's threads and themes)."""

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # save_related then sets the same values again, which changes nothing and writes
        # no record.
        with one_creation_record(obj):
            super().save_model(request, obj, form, change)
            form.save_m2m()

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj, _changed in formset.changed_objects:
            obj.save()
        with one_creation_record(*formset.new_objects):
            for obj in formset.new_objects:
                obj.save()
            formset.save_m2m()

    @method_decorator(csp_update({"style-src-attr": ["'unsafe-hashes'", HISTORY_STYLE_ATTRIBUTE]}))
    def history_view(self, request, object_id, extra_context=None):
        _check_key(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _check_key(self.model._meta.pk, object_id)
        _check_key(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ProvisionInline(admin.StackedInline):
    model = Provision
    extra = 0
    fields = [("number", "position", "status", "reported"), "text", "threads", "themes"]
    autocomplete_fields = ["threads"]
    filter_horizontal = ["themes"]
    show_change_link = True


class RemovalInline(admin.TabularInline):
    model = Removal
    extra = 0
    autocomplete_fields = ["thread"]


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["source", "note", "order"]
    autocomplete_fields = ["source"]
    extra = 0


class VersionCitationInline(CitationInline):
    fk_name = "version"
    verbose_name = "source for the whole version"


class ProvisionCitationInline(CitationInline):
    fk_name = "provision"


class CountsProvisions:
    """A changelist column with each object's number of provisions, counted in its query."""

    def get_queryset(self, request):
        # A count groups the rows, and grouped rows lose the model's default order, which
        # the autocomplete's pages rely on.
        counted = super().get_queryset(request).annotate(provision_total=Count("provisions"))
        return counted.order_by(*self.model._meta.ordering)

    @admin.display(description="provisions", ordering="provision_total")
    def provision_count(self, obj):
        return obj.provision_total


@admin.register(PlanVersion)
class PlanVersionAdmin(CountsProvisions, HistoryAdmin):
    list_display = [
        "short_name",
        "slug",
        "published",
        "stage",
        "text_basis",
        "based_on",
        "provision_count",
    ]
    list_filter = ["stage", "text_basis", "completeness", "drafted_by"]
    list_select_related = ["based_on"]
    search_fields = ["title", "short_name", "slug", "summary"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["based_on"]
    date_hierarchy = "published"
    inlines = [ProvisionInline, RemovalInline, VersionCitationInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":
            kwargs["widget"] = WideTextInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "drafted_by":
            # Named by what it lists ("Available parties"), not by the field ("drafted by").
            kwargs["widget"] = FilteredSelectMultiple("parties", is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        # Before the default URLs, whose "<object_id>/" would take "add-from-text/".
        return [
            path(
                "add-from-text/",
                self.admin_site.admin_view(self.add_from_text_view),
                name="provisions_planversion_add_from_text",
            ),
            *super().get_urls(),
        ]

    def add_from_text_view(self, request):
        return add_draft_from_text(request, self)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_add_drafts": can_add_drafts(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)


class PartyPositionInline(admin.TabularInline):
    model = PartyPosition
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(Provision)
class ProvisionAdmin(HistoryAdmin):
    list_display = ["__str__", "version", "number", "position", "status", "reported"]
    list_filter = ["version", "status", "reported", "themes"]
    list_select_related = ["version"]
    search_fields = ["text", "number", "version__short_name", "threads__title"]
    autocomplete_fields = ["version", "threads"]
    filter_horizontal = ["themes"]
    inlines = [ProvisionCitationInline, PartyPositionInline]


@admin.register(Thread)
class ThreadAdmin(CountsProvisions, HistoryAdmin):
    list_display = ["title", "slug", "provision_count"]
    list_filter = ["themes"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]


class SourceCitationInline(admin.TabularInline):
    model = Citation
    fk_name = "source"
    fields = ["provision", "version", "removal", "note", "order"]
    autocomplete_fields = ["provision", "version"]
    raw_id_fields = ["removal"]
    extra = 0


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published", "kind", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "publisher", "slug", "url", "author"]
    date_hierarchy = "published"
    inlines = [SourceCitationInline]


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["source", "target", "note"]
    list_select_related = [
        "source",
        "provision__version",
        "version",
        "removal__version",
        "removal__thread",
    ]
    list_filter = ["source__kind"]
    search_fields = ["source__title", "source__slug", "note"]
    autocomplete_fields = ["source", "provision", "version"]
    raw_id_fields = ["removal"]


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    list_display = ["source", "short_claim", "accuracy"]
    list_filter = ["accuracy"]
    list_select_related = ["source"]
    search_fields = ["claim", "note", "source__title"]
    autocomplete_fields = ["source", "provisions"]
    raw_id_fields = ["removals"]

    @admin.display(description="claim")
    def short_claim(self, obj):
        return obj.claim[:100]


@admin.register(Removal)
class RemovalAdmin(HistoryAdmin):
    list_display = ["version", "thread", "note"]
    list_select_related = ["version", "thread"]
    list_filter = ["version"]
    search_fields = ["thread__title", "note"]
    autocomplete_fields = ["version", "thread"]


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartyPosition)
class PartyPositionAdmin(HistoryAdmin):
    list_display = ["party", "provision", "position"]
    list_select_related = ["party", "provision__version"]
    search_fields = ["party__name", "position"]
    autocomplete_fields = ["party", "provision"]
