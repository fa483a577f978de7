"""Write the database back out as files of the import format, keys in the documented order.

`dump_database(folder)` writes plans/<slug>.yaml, themes.yaml, threads.yaml, sources.yaml
and commentary.yaml so that importing them into an empty database gives the same rows; empty
optional keys are left out, and texts of several lines are written as YAML literal blocks.
"""

from pathlib import Path

import yaml
from django.db.models import Prefetch

from ..models import (
    Claim,
    PlanVersion,
    Provision,
    ProvisionStatus,
    Removal,
    Source,
    Theme,
    Thread,
)
from .format import (
    CLAIM_KEYS,
    PROVISION_KEYS,
    SOURCE_KEYS,
    THEME_KEYS,
    THREAD_KEYS,
    VERSION_KEYS,
)
from .writer import SOURCE_FIELDS, VERSION_FIELDS


class BlockDumper(yaml.SafeDumper):
    """Block style throughout; a text of several lines as a literal block (`|`)."""


def _represent_text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BlockDumper.add_representer(str, _represent_text)


def ordered(values, keys, required=()):
    """`values` in the documented order of `keys`, leaving out empty optional values."""
    return {
        key: values[key]
        for key in keys
        if key in values and (key in required or values[key] not in ("", [], False))
    }


def citations(rows):
    return [ordered({"source": c.source.slug, "note": c.note}, ("source", "note")) for c in rows]


def plan_document(version, left_out):
    drafted_by = sorted(party.name for party in version.drafted_by.all())
    dropped = [
        ordered(
            {
                "thread": removal.thread.slug,
                "note": removal.note,
                "citations": citations(removal.citations.all()),
            },
            ("thread", "note", "citations"),
        )
        for removal in version.removals.all()
    ]
    values = {
        **{name: getattr(version, name) for name in VERSION_FIELDS},
        "slug": version.slug,
        "drafted_by": drafted_by,
        "based_on": version.based_on.slug if version.based_on else "",
        "sources": [citation.source.slug for citation in version.citations.all()],
        "dropped": dropped,
    }
    left_out.extend(
        f"version {version.slug}: the note on its citation of {c.source.slug}"
        for c in version.citations.all()
        if c.note
    )
    return {
        "version": ordered(values, VERSION_KEYS),
        "provisions": [provision_document(p) for p in version.provisions.all()],
    }


def provision_document(provision):
    values = {
        "threads": sorted(thread.slug for thread in provision.threads.all()),
        "themes": sorted(theme.slug for theme in provision.themes.all()),
        "text": provision.text,
        "number": provision.number,
        "reported": provision.reported,
        "status": "" if provision.status == ProvisionStatus.PROPOSED else provision.status,
        "positions": [
            {"party": p.party.name, "position": p.position} for p in provision.positions.all()
        ],
        "citations": citations(provision.citations.all()),
        "rendering_notes": provision.rendering_notes,
    }
    return ordered(values, PROVISION_KEYS, required=("number", "threads", "themes", "citations"))


def source_document(source):
    values = {name: getattr(source, name) for name in SOURCE_FIELDS}
    return ordered({"id": source.slug, **values}, SOURCE_KEYS)


def thread_document(thread):
    values = {
        "slug": thread.slug,
        "title": thread.title,
        "themes": sorted(theme.slug for theme in thread.themes.all()),
        "description": thread.description,
    }
    return ordered(values, THREAD_KEYS, required=("themes",))


def claim_document(claim, left_out):
    refs = []
    for provision in claim.provisions.all():
        if provision.number is None:
            left_out.append(
                f"claim #{claim.pk} of {claim.source.slug}: its link to unnumbered "
                f"{provision.label} of {provision.version.slug}"
            )
        else:
            refs.append({"plan": provision.version.slug, "number": provision.number})
    seen = set()
    for removal in claim.removals.all():
        key = (removal.version.slug, removal.thread.slug)
        if key not in seen:
            seen.add(key)
            refs.append({"plan": key[0], "thread": key[1]})
    values = {
        "source": claim.source.slug,
        "provision_refs": refs,
        "claim": claim.claim,
        "accuracy": claim.accuracy,
        "note": claim.note,
    }
    return ordered(values, CLAIM_KEYS)


def versions_to_export():
    """Every version with everything its file holds, in a fixed number of queries."""
    return (
        PlanVersion.objects.in_date_order()
        .for_api()
        .prefetch_related(
            Prefetch("provisions", queryset=Provision.objects.for_display()),
            Prefetch("removals", queryset=Removal.objects.with_sources()),
        )
    )


def write_yaml(path, data):
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=100)


def dump_database(folder):
    """Write every version, theme, thread, source and claim under `folder`; returns counts,
    and what the format cannot express (a claim's link to an unnumbered provision, a note on
    a version's citation), one line each."""
    folder = Path(folder)
    (folder / "plans").mkdir(parents=True, exist_ok=True)
    left_out = []
    versions = versions_to_export()
    for version in versions:
        write_yaml(folder / "plans" / f"{version.slug}.yaml", plan_document(version, left_out))
    themes = Theme.objects.order_by("id")
    write_yaml(
        folder / "themes.yaml",
        [
            ordered({"slug": t.slug, "name": t.name, "description": t.description}, THEME_KEYS)
            for t in themes
        ],
    )
    threads = Thread.objects.order_by("id").with_themes()
    write_yaml(folder / "threads.yaml", [thread_document(t) for t in threads])
    sources = Source.objects.order_by("id")
    write_yaml(folder / "sources.yaml", [source_document(s) for s in sources])
    claims = Claim.objects.order_by("id").select_related("source").with_targets()
    write_yaml(folder / "commentary.yaml", [claim_document(c, left_out) for c in claims])
    counts = {"versions": len(versions), "themes": len(themes), "threads": len(threads)}
    counts["sources"] = len(sources)
    return {**counts, "claims": len(claims)}, left_out
