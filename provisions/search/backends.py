"""Search backends: one parser for the words an analyst types, one backend per database.

`prepare(q)` returns a search for the current database:

- PostgreSQL (`FullTextSearch`): full-text search over the stored, indexed vector of
  provisions/search_index.py (thread titles weight A, provision text weight B, config
  'english'), every word of four letters or more also matched as a prefix ("zaporizh" finds
  "Zaporizhzhia"), words missing from the texts corrected to their nearest word of the stored
  vocabulary by trigram similarity ("sovereignity"), ranked by SearchRank and highlighted by
  SearchHeadline.
- Any other database (`SubstringSearch`, SQLite in development): a provision matches when its
  text or one of its threads' titles contains every word (case-insensitive substring), as on
  PostgreSQL; results are in the order of the texts.

Both expand the words with the same small synonym map and British/American spellings, so
"army" finds "armed forces" on either. Query text only ever reaches the database as a query
parameter, and reaches HTML as (text, highlighted) segments that templates escape.
"""

import functools
import operator
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from .. import search_index
from ..models import READING_ORDER, Thread

MAX_QUERY_LENGTH = 200

# Everyday words of analysts mapped to the words negotiated texts use instead. Keys are what
# is typed (lower case, a word or a phrase); values are further phrases that count as a match.
# Generic vocabulary of negotiated texts only: no names of places, people or parties.
SYNONYMS = {
    "army": ("armed forces", "troops"),
    "soldiers": ("troops", "armed forces"),
    "truce": ("ceasefire", "cessation of hostilities"),
    "ceasefire": ("truce", "cessation of hostilities"),
    "buffer zone": ("demilitarised zone",),
    "dmz": ("demilitarised zone", "buffer zone"),
    "pows": ("prisoners of war",),
    "detainees": ("prisoners",),
    "pardon": ("amnesty",),
    "assurances": ("guarantees",),
    "rebuilding": ("reconstruction", "recovery"),
    "reconstruction": ("rebuilding", "recovery"),
    "polls": ("elections",),
    "vote": ("elections", "referendum"),
    "npp": ("nuclear power plant",),
    "nuclear plant": ("nuclear power plant",),
    "restrictive measures": ("sanctions",),
    "blocked assets": ("frozen assets", "immobilised assets"),
}
LONGEST_SYNONYM_KEY = max(len(key.split()) for key in SYNONYMS)

# Numbers keep their separators ("600,000"); otherwise runs of letters and digits. Nothing
# else of the query survives, so no operator of any query language can come from the user.
WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
# -ise/-ize endings: texts may be in either spelling.
SPELLING = re.compile(r"i([sz])(e|ed|es|ing|ation|ations)$")

SNIPPET_CHARS = 300
HEADLINE_START, HEADLINE_STOP = "\ue000", "\ue001"  # private-use: never in real text
FRAGMENT_DELIMITER = " … "
HEADLINE = re.compile(f"{HEADLINE_START}(.*?){HEADLINE_STOP}", re.DOTALL)
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(r"\*+|__|`|^\s*(?:[-+]|\d+\.)\s+|^#+\s+", re.MULTILINE)

# The stored words of every provision text and thread title (provisions/search_index.py),
# matched against the words of a query that no word of the texts begins with; the trigram
# index serves both the prefix test and the similarity (terms are letters only).
CORRECTIONS_SQL = f"""
SELECT term, (
    SELECT word FROM {search_index.VOCABULARY_TABLE}
    WHERE word %% term AND similarity(word, term) >= %s
    ORDER BY similarity(word, term) DESC, word LIMIT 1
)
FROM unnest(%s::text[]) AS term
WHERE NOT EXISTS (SELECT 1 FROM {search_index.VOCABULARY_TABLE} WHERE word LIKE term || '%%')
"""
CORRECTION_MIN_SIMILARITY = 0.4
CORRECTION_MIN_LENGTH = 4
PREFIX_MIN_LENGTH = 4


def words_of(text):
    return [word.lower() for word in WORD.findall(text)]


def other_spelling(phrase):
    return " ".join(
        SPELLING.sub(lambda m: "i" + ("z" if m[1] == "s" else "s") + m[2], word)
        for word in phrase.split()
    )


@dataclass(frozen=True)
class Term:
    """One thing the user typed (a word, or a phrase the synonym map knows) and what matches it."""

    typed: str
    alternatives: tuple[str, ...]


def parse(q, corrections=None):
    """The terms of a query, each with its alternatives: as typed, other spelling, correction,
    synonyms."""
    corrections = corrections or {}
    words = words_of(q)
    terms, seen, i = [], set(), 0
    while i < len(words):
        size = next(
            n
            for n in range(min(LONGEST_SYNONYM_KEY, len(words) - i), 0, -1)
            if n == 1 or " ".join(words[i : i + n]) in SYNONYMS
        )
        typed = " ".join(words[i : i + size])
        i += size
        if typed in seen:
            continue
        seen.add(typed)
        alternatives = []
        for phrase in filter(None, [typed, corrections.get(typed)]):
            for candidate in (phrase, other_spelling(phrase), *SYNONYMS.get(phrase, ())):
                if candidate not in alternatives:
                    alternatives.append(candidate)
        terms.append(Term(typed, tuple(alternatives)))
    return terms


def plain_text(markdown):
    """Provision Markdown as one line of text for a snippet (links, emphasis, list marks gone)."""
    text = MARKDOWN_MARKS.sub("", MARKDOWN_LINK.sub(r"\1", markdown))
    return " ".join(text.split())


def split_matches(text, pattern, group=0):
    """Snippet segments (text, highlighted): each match of the pattern highlighted."""
    segments, position = [], 0
    for match in pattern.finditer(text):
        segments += [(text[position : match.start()], False), (match.group(group), True)]
        position = match.end()
    segments.append((text[position:], False))
    return [segment for segment in segments if segment[0]]


def leading_snippet(text):
    """The start of a text, cut at a word boundary, as snippet segments."""
    if len(text) <= SNIPPET_CHARS:
        return [(text, False)]
    return [(text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …", False)]


@dataclass
class Search:
    """No words to look for: filters alone decide, and snippets are the texts' beginnings."""

    q: str = ""
    terms: list[Term] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    def apply(self, queryset):
        return queryset

    def snippet(self, provision):
        """Segments (text, highlighted) of the provision's text for a result list."""
        return leading_snippet(plain_text(provision.text))


class SubstringSearch(Search):
    def apply(self, queryset):
        every_term = functools.reduce(operator.and_, map(self._matches, self.terms))
        return queryset.filter(every_term)

    @staticmethod
    def _matches(term):
        in_text = functools.reduce(
            operator.or_, (Q(text__icontains=phrase) for phrase in term.alternatives)
        )
        in_title = functools.reduce(
            operator.or_, (Q(title__icontains=phrase) for phrase in term.alternatives)
        )
        in_threads = Exists(Thread.objects.filter(in_title, provisions=OuterRef("pk")))
        return in_text | in_threads

    def snippet(self, provision):
        text = plain_text(provision.text)
        phrases = sorted(
            {phrase for term in self.terms for phrase in term.alternatives}, key=len, reverse=True
        )
        # Whole words are highlighted, as on PostgreSQL: "zaporizh" marks "Zaporizhzhia".
        pattern = re.compile(
            r"\w*(?:"
            + "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
            + r")\w*",
            re.IGNORECASE,
        )
        first = pattern.search(text)
        start = 0
        if len(text) > SNIPPET_CHARS and first and first.start() > SNIPPET_CHARS // 3:
            # From the word boundary a third of a snippet before the first match.
            start = text.find(" ", first.start() - SNIPPET_CHARS // 3) + 1
        end = len(text)
        if end - start > SNIPPET_CHARS:
            end = text.rfind(" ", start, start + SNIPPET_CHARS)
            end = end if end > start else start + SNIPPET_CHARS
        segments = split_matches(text[start:end], pattern)
        if start:
            segments.insert(0, ("… ", False))
        if end < len(text):
            segments.append((" …", False))
        return segments


class FullTextSearch(Search):
    CONFIG = "english"

    def apply(self, queryset):
        query = SearchQuery(self._tsquery(), search_type="raw", config=self.CONFIG)
        # Thread titles (weight A) and text (weight B), stored and indexed.
        vector = RawSQL(search_index.VECTOR_COLUMN, [], output_field=SearchVectorField())

        def headline(**options):
            return SearchHeadline(
                "text",
                query,
                config=self.CONFIG,
                start_sel=HEADLINE_START,
                stop_sel=HEADLINE_STOP,
                **options,
            )

        # Short texts whole (ts_headline would trim them at the first match), long ones as
        # the two best fragments.
        headline = Case(
            When(
                LessThanOrEqual(Length("text"), SNIPPET_CHARS),
                then=headline(highlight_all=True),
            ),
            default=headline(
                max_fragments=2, max_words=30, min_words=12, fragment_delimiter=FRAGMENT_DELIMITER
            ),
        )
        return (
            queryset.alias(search=vector, rank=SearchRank(F("search"), query))
            .filter(search=query)
            .annotate(headline=headline)
            .order_by("-rank", *READING_ORDER)
        )

    def _tsquery(self):
        """All terms required; any alternative of a term will do; long words also as prefixes.

        Words are letters, digits and number separators only (see WORD), so quoting them
        as lexemes keeps to_tsquery's syntax in our hands.
        """

        def lexeme(word):
            return f"'{word}':*" if len(word) >= PREFIX_MIN_LENGTH else f"'{word}'"

        def phrase(text):
            return " <-> ".join(lexeme(word) for word in text.split())

        return " & ".join(
            "(" + " | ".join(phrase(alt) for alt in term.alternatives) + ")" for term in self.terms
        )

    def snippet(self, provision):
        text = plain_text(provision.text)
        segments = split_matches(plain_text(provision.headline), HEADLINE, group=1)
        # Stray markers (none in real texts) must not survive into the page.
        segments = [
            (part.replace(HEADLINE_START, "").replace(HEADLINE_STOP, ""), hit)
            for part, hit in segments
        ]
        fragments = "".join(part for part, _ in segments).split(FRAGMENT_DELIMITER)
        if not text.startswith(fragments[0]):
            segments.insert(0, ("… ", False))
        if not text.endswith(fragments[-1]):
            segments.append((" …", False))
        return segments


def corrections_for(words):
    """Nearest word of the texts for each query word that no word of the texts begins with."""
    candidates = sorted({w for w in words if len(w) >= CORRECTION_MIN_LENGTH and w.isalpha()})
    if not candidates:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(CORRECTIONS_SQL, [CORRECTION_MIN_SIMILARITY, candidates])
        return {term: word for term, word in cursor.fetchall() if word}


def prepare(q):
    """The search for a query string on the current database (nothing to search: `Search`)."""
    if not words_of(q):
        return Search(q)
    if connection.vendor == "postgresql":
        corrections = corrections_for(words_of(q))
        return FullTextSearch(q, parse(q, corrections), corrections)
    return SubstringSearch(q, parse(q))
