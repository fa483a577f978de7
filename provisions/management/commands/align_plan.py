"""`align_plan`: print the suggested links of a version to the one it revises, or apply them."""

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from provisions.engines.alignment import SURE_SCORE
from provisions.history import UnknownUser, change_reason, find_user
from provisions.linking import (
    LinkingError,
    apply_decisions,
    suggest_for_version,
    versions_to_align,
    words_kept,
)

TEXT_COLUMN = 60


class Command(BaseCommand):
    help = (
        "Suggest which provisions of the base version each provision of a new version "
        "continues. Saves nothing unless --apply is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("new", metavar="NEW_SLUG", help="the version to align")
        parser.add_argument(
            "--to",
            metavar="BASE_SLUG",
            help="the version it revises (default: the new version's based_on)",
        )
        output = parser.add_mutually_exclusive_group()
        output.add_argument(
            "--json", action="store_true", dest="as_json", help="print the suggestions as JSON"
        )
        output.add_argument(
            "--apply",
            action="store_true",
            help="link the new provisions that have no thread yet to the suggested threads",
        )
        parser.add_argument(
            "--user",
            metavar="NAME",
            help="with --apply (required): the user name the history records for the changes",
        )

    def handle(self, *args, new, to, as_json, apply, user, **options):
        if apply and not user:
            raise CommandError("--apply needs --user NAME: the history records who linked.")
        if user and not apply:
            raise CommandError("--user goes with --apply.")
        try:
            applier = find_user(user) if apply else None
            new_version, base_version = versions_to_align(new, to)
        except (LinkingError, UnknownUser) as error:
            raise CommandError(str(error)) from None
        suggestions, new_keyed = suggest_for_version(new_version, base_version)
        if as_json:
            data = suggestions.as_dict(new_version.slug, base_version.slug)
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.write_table(suggestions, new_version, base_version, new_keyed)
        if apply:
            with change_reason("align_plan --apply"):
                report = apply_decisions(
                    new_version,
                    new_keyed,
                    suggestions.decisions(),
                    suggestions.base_keyed,
                    applier,
                )
            for key, slugs in report.linked:
                self.stdout.write(f"linked {key} to {', '.join(slugs)}")
            for slug in report.created:
                self.stdout.write(f"created thread {slug}")
            self.stdout.write(self.style.SUCCESS(report.summary()))

    def write_table(self, suggestions, new_version, base_version, new_keyed):
        alignment, base_keyed = suggestions.alignment, suggestions.base_keyed
        write = self.stdout.write
        write(f"{new_version.slug} ({len(new_keyed)} provisions) against {base_version.slug}")
        write("kept: the share of words left unchanged, rounded down (punctuation not counted)")
        write("shared: what weighed most in the link (a concept, a quantity, a word)")
        write(
            f"check: a link scoring below {SURE_SCORE:.2f}; about one such link in eight was"
            " wrong when measured, one in a hundred above"
        )
        write("")
        write(f"{'base':>6}  {'new':>6}  {'relation':<8}  {'kept':>5}  new text")
        for link in alignment.links:
            text = " ".join(new_keyed[link.new].text.split())
            kept = words_kept(base_keyed[link.base].text, new_keyed[link.new].text)
            if len(text) > TEXT_COLUMN:
                text = text[: TEXT_COLUMN - 1] + "…"
            write(f"{link.base:>6}  {link.new:>6}  {link.relation:<8}  {kept:>5.2f}  {text}")
            notes = []
            if link.relation != "same" and link.shared:
                notes.append(f"shared: {', '.join(link.shared)}")
            if not link.sure:
                notes.append(f"check (score {link.score:.2f})")
            if notes:
                write(f"{'':>31}{' · '.join(notes)}")
        write("")
        write(f"added (continue nothing): {', '.join(alignment.added) or 'none'}")
        write(f"dropped (not continued): {', '.join(alignment.dropped) or 'none'}")
        relations = Counter(link.relation for link in alignment.links)
        counts = ", ".join(f"{n} {relation}" for relation, n in sorted(relations.items()))
        write(
            f"{len(alignment.links)} links ({counts or 'none'}), "
            f"{len(alignment.added)} added, {len(alignment.dropped)} dropped"
        )
