"""The admin view "Add a draft from text": moves between paste, preview and save.

The work of each step is in provisions/pasting.py (the save in provisions/saving.py); the
forms are in provisions/forms.py.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from ..forms import VERSION_FIELDS, DraftForm
from ..pasting import SET_ALL, build_preview, read_state
from ..saving import save_draft

REQUIRED_PERMISSIONS = (
    "provisions.add_planversion",
    "provisions.add_provision",
    "provisions.add_source",
    "provisions.add_citation",
    "provisions.add_removal",
)
DRAFT_FIELDSETS = [
    ("The version", {"fields": VERSION_FIELDS}),
    (
        "Its source",
        {
            "fields": DraftForm.SOURCE_FIELDS,
            "description": (
                "Where the text comes from. It is cited on the version, on every new "
                "provision and on every removal you record."
            ),
        },
    ),
    ("The text", {"fields": ["text"]}),
]
STEP_TEMPLATES = {
    "text": "admin/provisions/planversion/draft_from_text.html",
    "preview": "admin/provisions/planversion/draft_preview.html",
}


def can_add_drafts(user):
    return user.has_perms(REQUIRED_PERMISSIONS)


def add_draft_from_text(request, model_admin):
    if not can_add_drafts(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _step(request, model_admin, "text", draft=DraftForm())
    if "state" not in request.POST:
        draft = DraftForm(request.POST)
        if not draft.is_valid():
            return _step(request, model_admin, "text", draft=draft)
        return _step(request, model_admin, "preview", preview=build_preview(draft))

    try:
        draft = DraftForm(read_state(request.POST["state"]))
    except signing.BadSignature:
        messages.error(request, "This preview has expired or was altered; paste the text again.")
        return _step(request, model_admin, "text", draft=DraftForm(), status=400)
    if "_back" in request.POST or not draft.is_valid():
        return _step(request, model_admin, "text", draft=draft)
    preview = build_preview(draft, request.POST)
    if "_refresh" in request.POST or SET_ALL in request.POST or not preview.ready:
        return _step(request, model_admin, "preview", preview=preview)
    try:
        version = save_draft(preview, request.user)
    except IntegrityError:
        # Another editor saved the same slug between the checks and the save.
        draft.add_error("slug", "A version with this slug was saved meanwhile; choose another.")
        return _step(request, model_admin, "text", draft=draft)
    _report_success(request, preview, version)
    return redirect(reverse("admin:provisions_planversion_change", args=[version.pk]))


def _step(request, model_admin, step, *, draft=None, preview=None, status=200):
    draft = draft or preview.draft
    media = model_admin.media + draft.media
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Add a draft from text" if step == "text" else "Check the alignment",
        "adminform": helpers.AdminForm(
            draft, DRAFT_FIELDSETS, {"slug": ["short_name"]}, model_admin=model_admin
        ),
        "errors": helpers.AdminErrorList(draft, []),
        "preview": preview,
        "media": media + preview.media if preview else media,
    }
    return TemplateResponse(request, STEP_TEMPLATES[step], context, status=status)


def _report_success(request, preview, version):
    page = format_html(
        'Added {} with {} provisions. <a href="{}">See it on the site</a>',
        version.short_name,
        len(preview.rows),
        version.get_absolute_url(),
    )
    compare = version.get_comparison_url()
    if compare:
        page = format_html(
            '{} or <a href="{}">compare it with {}</a>.', page, compare, preview.base.short_name
        )
    else:
        page = format_html("{}.", page)
    messages.success(request, page)
