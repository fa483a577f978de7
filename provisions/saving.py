"""A pasted draft's save (step 3 of "Add a draft from text"): the version, its provisions,
its source and their links, in one transaction, each history record naming the editor."""

from django.db import transaction
from django.utils.text import slugify

from .history import change_reason, one_creation_record, record_user
from .linking import apply_decisions
from .models import Citation, Party, Provision, Source
from .pasting import draft_notes

SOURCE_SLUG_CHARS = 80


def save_draft(preview, user):
    """Write the version, its provisions, its source and their links in one transaction."""
    draft = preview.draft
    with transaction.atomic(), change_reason("Add a draft from text"):
        version = draft.save(commit=False)
        version.notes = draft_notes(draft.parsed)
        record_user(version, user)
        drafters = [*draft.cleaned_data["drafted_by"], *_new_parties(draft, user)]
        with one_creation_record(version):
            version.save()
            version.drafted_by.set(drafters)
        provisions = {
            row.key: Provision(version=version, number=row.number, position=position, text=row.text)
            for position, row in enumerate(preview.rows, start=1)
        }
        # Each provision's history starts with one record, its threads and themes in it.
        with one_creation_record(*provisions.values()):
            for provision in provisions.values():
                record_user(provision, user)
                provision.save()
            report = apply_decisions(
                version,
                provisions,
                preview.decisions(),
                preview.base_keyed,
                user,
                removals=preview.removals(),
            )
        source = _source(draft.cleaned_data, user)
        citations = [Citation(version=version)]
        citations += [Citation(provision=provision) for provision in provisions.values()]
        citations += [Citation(removal=removal) for removal in report.removals]
        for citation in citations:
            citation.source = source
            record_user(citation, user)
            citation.save()
    return version


def _source(cleaned, user):
    """The source picked in step 1, or a new one made of what step 1 describes."""
    if cleaned["source"]:
        return cleaned["source"]
    source = Source(
        url=cleaned["source_url"],
        title=cleaned["source_title"],
        publisher=cleaned["source_publisher"],
        published=cleaned["source_published"],
        kind=cleaned["source_kind"],
    )
    stem = slugify(f"{source.publisher} {source.title}")[:SOURCE_SLUG_CHARS].strip("-") or "source"
    taken = set(Source.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    slug, n = stem, 1
    while slug in taken:
        n += 1
        slug = f"{stem}-{n}"
    source.slug = slug
    record_user(source, user)
    source.save()
    return source


def _new_parties(draft, user):
    existing = {p.name.casefold(): p for p in Party.objects.all()}
    parties = []
    for name in draft.cleaned_data["new_parties"]:
        party = existing.get(name.casefold())
        if party is None:
            party = Party(name=name)
            record_user(party, user)
            party.save()
        parties.append(party)
    return parties
