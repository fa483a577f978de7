"""Check that every reference in a run points into the run itself or into the database."""

from ..models import PlanVersion, Provision, Removal, Source, Theme, Thread


def check_unique(records, what, key="slug", field="slug"):
    seen = {}
    for record in records:
        value = getattr(record, key)
        if value in seen:
            record.location.fail(
                field, f"{what} {value!r} is defined twice (also in {seen[value].file})"
            )
        seen[value] = record.location


def require(location, key, value, known, what):
    if value not in known:
        location.fail(key, f"unknown {what} {value!r}")


def check_references(bundle):
    """Every reference must point into this run or into the database."""
    check_unique(bundle.versions, "version")
    check_unique(bundle.sources, "source", field="id")
    check_unique(bundle.themes, "theme")
    check_unique(bundle.threads, "thread")

    themes = {t.slug for t in bundle.themes} | set(Theme.objects.values_list("slug", flat=True))
    sources = {s.slug for s in bundle.sources} | set(Source.objects.values_list("slug", flat=True))
    threads = {t.slug for t in bundle.threads} | set(Thread.objects.values_list("slug", flat=True))
    versions = {v.slug for v in bundle.versions} | set(
        PlanVersion.objects.values_list("slug", flat=True)
    )

    for thread in bundle.threads:
        for theme in thread.themes:
            require(thread.location, "themes", theme, themes, "theme")

    for version in bundle.versions:
        if version.based_on:
            require(version.location, "based_on", version.based_on, versions, "version")
        for slug in version.sources:
            require(version.location, "sources", slug, sources, "source")
        for removal in version.dropped:
            require(removal.location, "thread", removal.thread, threads, "thread")
            for citation in removal.citations:
                require(removal.location, "citations", citation.source, sources, "source")
        for provision in version.provisions:
            for slug in provision.threads:
                require(provision.location, "threads", slug, threads, "thread")
            for slug in provision.themes:
                require(provision.location, "themes", slug, themes, "theme")
            for citation in provision.citations:
                require(provision.location, "citations", citation.source, sources, "source")

    check_based_on_cycles(bundle)
    check_claim_references(bundle, sources)


def check_based_on_cycles(bundle):
    parents = dict(
        PlanVersion.objects.filter(based_on__isnull=False).values_list("slug", "based_on__slug")
    )
    parents.update({v.slug: v.based_on for v in bundle.versions})
    for version in bundle.versions:
        seen = {version.slug}
        current = parents.get(version.slug)
        while current:
            if current in seen:
                version.location.fail(
                    "based_on", f"{version.based_on!r} leads back to {version.slug!r} (a cycle)"
                )
            seen.add(current)
            current = parents.get(current)


def check_claim_references(bundle, sources):
    numbers, dropped = set(), set()
    run_versions = {v.slug for v in bundle.versions}
    for version in bundle.versions:
        numbers |= {(version.slug, p.number) for p in version.provisions if p.number}
        dropped |= {(version.slug, r.thread) for r in version.dropped}
    numbers |= set(
        Provision.objects.exclude(version__slug__in=run_versions)
        .filter(number__isnull=False)
        .values_list("version__slug", "number")
    )
    dropped |= set(
        Removal.objects.exclude(version__slug__in=run_versions).values_list(
            "version__slug", "thread__slug"
        )
    )
    for claim in bundle.claims:
        require(claim.location, "source", claim.source, sources, "source")
        for ref in claim.refs:
            if ref.number and (ref.plan, ref.number) not in numbers:
                claim.location.fail(
                    "provision_refs", f"no provision {ref.number!r} in plan {ref.plan!r}"
                )
            if ref.thread and (ref.plan, ref.thread) not in dropped:
                claim.location.fail(
                    "provision_refs", f"plan {ref.plan!r} does not drop thread {ref.thread!r}"
                )
