"""Suggest how the provisions of a new draft continue those of a base version.

This module must never import Django, directly or through another module of the
project. It is a pure function of two lists of texts, called from the import command
and the admin but also from the benchmarks and unit tests, which run without settings
or a database; keeping it framework-free keeps those uses fast and the engine testable
on its own.

The method, and what was measured for it and for the alternatives, is in
docs/alignment.md. In short:

1. Wording. Every provision gets two TF-IDF profiles: its stemmed words and figures,
   and the character 4-grams of its words (which let "recognised" meet "recognition"
   and "demilitarised" meet "demilitarisation"). Quantities are read in one unit ("120
   days" and "four months" are one figure), and each synonym group of the vocabulary
   (vocabulary.py) the text states adds one concept term beside its words ("ceasefire"
   and "halt to firing" share "~ceasefire"). The IDF is computed over both versions
   together, so words that every provision uses ("Ukraine", "parties") weigh almost
   nothing while rare words and figures weigh most. The similarity of two provisions is
   the mean of the two cosines. Cosine is symmetric: a short point does not score high
   against a long one merely because its few words occur there. A pair whose shared
   words all name a joint body or its setting up ("joint", "commission", "set up")
   counts less.
2. Order and numbering. Mutually best, confident pairs are anchors; the heaviest chain
   of anchors that keeps the order of both versions is the skeleton (one anchor alone is
   none). A pair inside a
   gap of the skeleton gets a bonus that grows as the gap shrinks; a pair crossing it
   (a moved point) pays a small penalty; the gap after the last anchor, closed only by
   the document end, gets no bonus. When most anchors keep their number label, a pair
   with the same label ("7" and "7", or "7" and its sub-point "7a") gets a bonus.
   Neither order nor numbering can link a pair whose wording is below half the
   threshold.
3. One to one. Links are chosen greedily by score, ties broken by closeness of relative
   position, down to the threshold.
4. Splits, merges and many-to-many. A provision joins an already linked one when the
   group resembles the partner more than the linked provision did alone and explains
   some of it that the group did not; two provisions both linked elsewhere join only
   when each explains what the other's group did not.
5. Elimination. Where the links leave as many base as new points between two of them,
   mutually best pairs there with some wording are linked.
6. Order from the links. The links found become the skeleton, and leftovers that its
   order bonus raises well above the threshold are linked; then, between two links, a
   concept of the vocabulary that only one leftover on each side states links them
   (from a third of the threshold). In a reordered numbered text, where many links
   cross the others' order, leftovers each other's best are linked.
7. Subjects. Base provisions that share a thread are one subject: the one new provision
   that continues some of them continues all of them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .vocabulary import CONCEPT_MARK, GENERIC_BODY_WORDS, SYNONYMS, quantities

# Links scoring below this are not suggested. Chosen on the measurements in
# docs/alignment.md: edited drafts align well anywhere from 0.12 to 0.25; drafts known
# only from reports, whose wording shares little, need the lower end.
DEFAULT_THRESHOLD = 0.14
# From this score a link was right on every pair measured (306 links of the dossier,
# invented and stress pairs, none wrong; 104 of 105 on two blind sets); below it about one
# link in eight was wrong (50 of 372), whatever the score, so an editor should check those
# (docs/alignment.md).
SURE_SCORE = 0.4

# A pair this similar, and each other's best match, anchors the order skeleton.
_ANCHOR_MIN = 0.4
# Fewer anchors in order than this are no evidence of order (see _anchor_chain).
_MIN_CHAIN = 2
# A pair whose two provisions are both linked elsewhere joins only from this score.
_MANY_TO_MANY_MIN = 0.2
_MANY_TO_MANY_SHARE = 0.1
# A split or merge piece must explain this share of its partner's word weight that the
# group did not: a point citing the same long title as the group adds nothing to it.
_ATTACH_SHARE = 0.07
# Bonus for a pair alone in its gap of the skeleton (one base, one new provision).
_ORDER_BONUS = 0.2
# Taken from a pair that crosses the skeleton.
_CROSSING_PENALTY = 0.1
# Leftovers linked through the order of the links found need this many times the
# threshold (see _order_from_links). 1.1 to 1.3 give the same links on the tuning pairs.
_LINK_ORDER_MIN = 1.2
# A pair linked through a concept only they state between two links needs this many
# times the threshold of wording (lake's restated ceasefire has 0.05, hollin's 0.07).
_CONCEPT_MATCH_MIN = 1 / 3
# A text with this share of its links off their heaviest increasing chain, or more, is
# reordered (see _pair_reordered_leftovers). Tarn has 0.43, the edited tuning pairs 0.18
# at most (splits and merges count as off the chain); 0.2 to 0.43 give the same links.
_REORDERED_SHARE = 0.3
# Bonus for the same number label, when most anchors keep theirs.
_LABEL_BONUS = 0.1
_GRAM_LENGTH = 4
# How many shared terms a link reports.
_SHARED_SHOWN = 4
# A concept of the vocabulary shared by two texts is their subject, stated in words that
# may differ: it weighs as much as two shared words of the same rarity. Measured on the
# invented and dossier pairs (docs/alignment.md): 1.5 and 2 gain on paraphrases, 3
# links reported texts that mention a concept in passing.
_CONCEPT_WEIGHT = 2.0
# The wording of a pair whose shared words all name a joint body or its setting up
# (vocabulary.GENERIC_BODY_WORDS) counts this much: such a pair needs more to be linked.
_GENERIC_ONLY_FACTOR = 2 / 3
# What a sub-point adds to its parent's label: "a", "bis", ".1", "(a)", ".(ii)".
_SUB_LABEL = re.compile(r"[a-z]+|\.\d+|\.?\([a-z0-9]+\)")


@dataclass(frozen=True)
class BaseProvision:
    key: str  # number label ("6", "10a") or "#<position>" when unnumbered
    text: str
    threads: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewProvision:
    key: str
    text: str


@dataclass(frozen=True)
class Link:
    base: str  # BaseProvision.key
    new: str  # NewProvision.key
    relation: str  # "same", "amended", "split", "merged"
    score: float  # in [0, 1], rounded to 2 decimals
    # What the two texts share that weighed most, heaviest first: a concept of the
    # vocabulary by name ("ceasefire"), a quantity ("4 months"), or a word as the new
    # text writes it. Tells an editor why a paraphrase was linked.
    shared: tuple[str, ...] = field(default=(), compare=False)

    @property
    def sure(self) -> bool:
        """Whether the link is as strong as those that were always right (SURE_SCORE)."""
        return self.relation == "same" or self.score >= SURE_SCORE


@dataclass(frozen=True)
class Alignment:
    links: list[Link]  # ordered by new-provision order, then base order
    added: list[str]  # new keys continuing nothing
    dropped: list[str]  # base keys nothing continues


def provision_key(number: str | None, position: int) -> str:
    """The key of a provision: its number label, or "#<position>" (1-based) without one."""
    label = (number or "").strip()
    return label if label else f"#{position}"


# --- Wording -------------------------------------------------------------------------

# A figure keeps its digit groups together: "600,000" becomes "600000", "1.5" stays.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")

# Function words say nothing about a subject. IDF alone does not discount them enough
# when each version has only a dozen provisions.
_STOPWORD_TEXT = """
    a about above after again all also an and any are as at be been before being between
    both but by can could do does each either for from had has have he her his if in into
    is it its itself may might more most must no nor not of on once only or other our over
    own same shall she should so such than that the their them then there these they this
    those through to too under until up upon very was we were what when where which while
    who whom why will with within without would you your
"""
# The units of a deadline ("within 60 days", "for two years"). Negotiated texts put
# deadlines on points about unrelated subjects, and in a text of a few dozen points the
# IDF takes a unit that only two of them use for a distinctive word: "Elections in 100
# days" met "a commission on displaced children ... within 60 days" on "days" alone. The
# figure is kept, so an unchanged deadline still counts.
_TIME_UNITS = "hour hours day days week weeks fortnight month months year years"
_STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | frozenset(_TIME_UNITS.split())

# Longest first; a stem keeps at least four letters so short words are left alone.
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s")

Vector = dict[str, float]


class _Profile(NamedTuple):
    """TF-IDF vectors of one text (or of several texts read as one)."""

    words: Vector
    grams: Vector


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """The word without its longest known suffix; a figure as it is."""
    if word[0].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            # "parties" and "notified" meet "party" and "notify".
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_THOUSANDS_SEPARATOR.sub("", text.casefold()))


def _content(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t[0].isdigit() or (len(t) > 1 and t not in _STOPWORDS)]


def _stems(tokens: list[str]) -> list[str]:
    return list(map(_stem, tokens))


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(_stems(_content(_tokens(phrase))))


def _phrase_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The vocabulary's phrases, read as texts are, by their first stem, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, phrases in SYNONYMS.items():
        # Singular and plural: the stemmer does not always bring both to one stem
        # ("captive" and "captiv", "guarantee" and "guarante").
        variants = {
            _phrase_stems(variant)
            for phrase in phrases
            for variant in (phrase, phrase + "s", phrase.removesuffix("s"))
        }
        for stems in variants:
            index.setdefault(stems[0], []).append((stems, CONCEPT_MARK + concept))
    for entries in index.values():
        entries.sort(key=lambda entry: (-len(entry[0]), entry))
    return index


_PHRASES = _phrase_index()
_GENERIC_STEMS = frozenset(_stems(GENERIC_BODY_WORDS.split()))


@functools.lru_cache(maxsize=1 << 16)
def _grams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    return tuple(
        padded[k : k + _GRAM_LENGTH] for k in range(max(1, len(padded) - _GRAM_LENGTH + 1))
    )


def _concepts(stems: list[str]) -> set[str]:
    """The vocabulary's concepts that a text's stemmed content words express."""
    found = set()
    for k, stem in enumerate(stems):
        for phrase, concept in _PHRASES.get(stem, ()):
            if tuple(stems[k : k + len(phrase)]) == phrase:
                found.add(concept)
    return found


class _Terms(NamedTuple):
    """What a text is made of, before weighting."""

    stems: list[str]  # stemmed content words in order, quantities as one canonical figure
    concepts: list[str]  # the vocabulary's concepts it expresses
    grams: list[str]  # 4-grams of its content words as written
    written: dict[str, str]  # each stem: the first word that gave it, as written


def _terms(text: str) -> _Terms:
    """The stems, concepts and 4-grams of a text.

    Stems keep each quantity as one canonical figure ("120 days" and "four months" both
    "4~months"); a concept is one term for every phrase of the vocabulary that states it
    ("ceasefire" and "halt to firing" both give "~ceasefire"). The words stay beside the
    concepts: a paraphrase shares the concept, an edit shares the concept and the words.
    """
    tokens = _tokens(text)
    words = _content(quantities(tokens))
    stems = _stems(words)
    grams = list(itertools.chain.from_iterable(map(_grams, _content(tokens))))
    written = dict(zip(reversed(stems), reversed(words), strict=True))
    return _Terms(stems, sorted(_concepts(stems)), grams, written)


def _tfidf(frequencies: list[Counter[str]]) -> list[Vector]:
    """Raw (not normalised) TF-IDF vectors, sublinear TF, IDF over the given documents.

    The IDF is smoothed, log((N + 1) / df), so that a term found in every document still
    weighs a little: with one provision on each side, the words they share are all the
    evidence there is.
    """
    document_frequency: Counter[str] = Counter()
    for frequency in frequencies:
        document_frequency.update(frequency.keys())
    n_documents = len(frequencies)
    idf = {term: math.log((n_documents + 1) / df) for term, df in document_frequency.items()}
    return [
        {
            term: idf[term] if tf == 1 else (1.0 + math.log(tf)) * idf[term]
            for term, tf in frequency.items()
        }
        for frequency in frequencies
    ]


def _profiles(*versions: list[str]) -> tuple[list[_Profile], list[_Terms]]:
    """The profiles and terms of the texts of each version, in order, one IDF over them all."""
    every = [_terms(text) for texts in versions for text in texts]
    words = [
        {
            term: weight * _CONCEPT_WEIGHT if term[0] == CONCEPT_MARK else weight
            for term, weight in vector.items()
        }
        for vector in _tfidf([Counter(t.stems + t.concepts) for t in every])
    ]
    grams = _tfidf([Counter(t.grams) for t in every])
    return [_Profile(w, g) for w, g in zip(words, grams, strict=True)], every


def _unit_sum(vectors: Iterable[Vector]) -> Vector:
    vectors = list(vectors)
    if len(vectors) == 1:
        total = vectors[0]
    else:
        total = {}
        for vector in vectors:
            for term, weight in vector.items():
                total[term] = total.get(term, 0.0) + weight
    norm = math.sqrt(sum(weight * weight for weight in total.values()))
    return {term: weight / norm for term, weight in total.items()} if norm else {}


def _unit_profile(profiles: Iterable[_Profile]) -> _Profile:
    """The normalised profile of several texts read as one (or of a single text)."""
    profiles = list(profiles)
    return _Profile(_unit_sum(p.words for p in profiles), _unit_sum(p.grams for p in profiles))


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[term] for term, weight in a.items() if term in b)


def _similarity(a: _Profile, b: _Profile) -> float:
    """Mean of the word and the 4-gram cosines of two normalised profiles."""
    return (_dot(a.words, b.words) + _dot(a.grams, b.grams)) / 2


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


# --- Alignment -----------------------------------------------------------------------


def align(
    base: Sequence[BaseProvision],
    new: Sequence[NewProvision],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> Alignment:
    """Suggest which base provisions each new provision continues."""
    profiles, terms = _profiles([p.text for p in base], [p.text for p in new])
    units = [_unit_profile([p]) for p in profiles]
    base_profiles, new_profiles = profiles[: len(base)], profiles[len(base) :]
    base_units, new_units = units[: len(base)], units[len(base) :]
    wording = _wording(base, new, base_units, new_units)
    _damp_generic_only(wording, base_units, new_units, threshold)
    chain = _anchor_chain(wording, threshold)
    scores = _with_order_bonus(wording, chain, threshold)
    if _numbering_kept(base, new, chain):
        _add_label_bonus(scores, wording, base, new, threshold)

    candidates = [
        (i, j) for i, row in enumerate(scores) for j, score in enumerate(row) if score >= threshold
    ]
    groups = _Groups(_one_to_one(scores, candidates))
    _attach_leftovers(
        groups, scores, candidates, (base_profiles, base_units), (new_profiles, new_units)
    )
    _fill_gaps(groups, wording, threshold)
    _order_from_links(groups, wording, threshold)
    _match_concepts(groups, wording, (base_units, new_units), threshold)
    _match_figures(groups, wording, (base_units, new_units), threshold)
    if not any(_positional(p.key) for p in [*base, *new]):
        _pair_reordered_leftovers(groups, wording, threshold)
    pair_scores = {(i, j): min(1.0, max(0.0, scores[i][j])) for i, j in groups.pairs}
    pair_scores.update(_same_subject_links(base, pair_scores))
    written = [t.written for t in terms[len(base) :]]
    return _build(base, new, pair_scores, (base_units, new_units), written)


def _wording(
    base: Sequence[BaseProvision],
    new: Sequence[NewProvision],
    base_units: list[_Profile],
    new_units: list[_Profile],
) -> list[list[float]]:
    """Wording similarity of every (base, new) pair, base by rows, from unit profiles."""
    # A profile is a pair of vectors: the summed cosines of both, halved, are the mean.
    matrix = _cosines(base_units, new_units, scale=0.5)
    new_columns: dict[str, list[int]] = {}
    for j, provision in enumerate(new):
        new_columns.setdefault(_normalised(provision.text), []).append(j)
    for b, row in zip(base, matrix, strict=True):
        # Equal texts are the same provision even when all their words are common.
        for j in new_columns.get(_normalised(b.text), ()):
            row[j] = 1.0
    return matrix


def _damp_generic_only(
    wording: list[list[float]],
    base_units: list[_Profile],
    new_units: list[_Profile],
    threshold: float,
) -> None:
    """Scale down pairs whose shared words all name a joint body or its setting up.

    "A joint US-Russian working group on security is to be set up" and "a joint
    commission on deported children shall be set up" share "joint" and "set", rare
    enough in a short text to reach the threshold. Every pass asks at least half the
    threshold of wording, so only pairs from there are looked at. Equal texts stay.
    """
    for i, row in enumerate(wording):
        base_words = base_units[i].words.keys()
        for j, score in enumerate(row):
            if threshold / 2 <= score < 1.0:
                shared = base_words & new_units[j].words.keys()
                if shared and shared <= _GENERIC_STEMS:
                    row[j] = score * _GENERIC_ONLY_FACTOR


def _cosines(
    rows: Sequence[Sequence[Vector]], columns: Sequence[Sequence[Vector]], scale: float = 1.0
) -> list[list[float]]:
    """Sums, over the spaces of each item, of the dot products of unit vectors, times scale.

    Each row and column is one vector per space (a profile's words and grams). Computed
    through an inverted index of the columns' terms, one per space, so a pair costs only
    the terms it shares.
    """
    n_spaces = max((len(column) for column in columns), default=0)
    postings: list[dict[str, list[tuple[int, float]]]] = [{} for _ in range(n_spaces)]
    for j, column in enumerate(columns):
        for space, vector in zip(postings, column, strict=False):
            for term, weight in vector.items():
                space.setdefault(term, []).append((j, weight))
    matrix = []
    for item in rows:
        row = [0.0] * len(columns)
        for space, vector in zip(postings, item, strict=False):
            for term, weight in vector.items():
                posting = space.get(term)
                if posting:
                    weight *= scale
                    for j, other_weight in posting:
                        row[j] += weight * other_weight
        matrix.append(row)
    return matrix


def _with_order_bonus(
    wording: list[list[float]], chain: list[tuple[int, int]], threshold: float
) -> list[list[float]]:
    """Adjust wording scores by how well each pair keeps the order of the anchor skeleton.

    Consecutive anchors enclose a gap: some base and some new provisions. A pair inside
    a gap keeps the order of both versions, and the smaller the gap, the more the order
    alone pins it down (a lone point between two anchored neighbours in both versions is
    almost surely that point, reworded), so it gains _ORDER_BONUS divided by the longer
    side of the gap. Order supports wording but never replaces it: only a pair whose
    wording reaches half the threshold gains anything. A pair that crosses an anchor (a
    moved point, or a deleted point and an inserted one far apart) loses
    _CROSSING_PENALTY. Pairs sharing a row or column with an anchor (pieces of a split
    or merge) are left as they are.

    The gap after the last anchor is open: the document end is not a matched pair.
    Drafts append new points at the end and drop the base's last points, so a new final
    point and a dropped tail point are not pinned to each other (a new point on
    displaced children was linked to "Elections in 100 days" that way); pairs there keep
    their wording score, neither raised nor penalised. The gap before the first anchor
    is closed by the two starts, which drafts keep: a restated text whose first anchor
    comes late still has its first points pinned by their order. With no anchor
    at all (a text known only from reports), the whole text is one gap between the two
    starts and the two ends; its bonus is small (0.2 over the longer version) and it is
    the only order evidence there is, so it stays.
    """
    n_base = len(wording)
    n_new = len(wording[0]) if wording else 0
    # Every pair starts as crossing; consistent pairs are then set back or raised.
    scores = [[score - _CROSSING_PENALTY for score in row] for row in wording]
    start, end = (-1, -1), (n_base, n_new)
    bounds = [start, *chain, end]
    for top, bottom in zip(bounds, bounds[1:], strict=False):
        (top_i, top_j), (bottom_i, bottom_j) = top, bottom
        rows = range(top_i + 1, bottom_i)
        columns = range(top_j + 1, bottom_j)
        open_gap = bool(chain) and bottom == end
        bonus = 0.0 if open_gap else _ORDER_BONUS / max(len(rows), len(columns), 1)
        for i in rows:
            for j in columns:
                evidence = wording[i][j] >= threshold / 2
                scores[i][j] = min(1.0, wording[i][j] + (bonus if evidence else 0.0))
            for j in (top_j, bottom_j):
                if 0 <= j < n_new:
                    scores[i][j] = wording[i][j]
        for i in (top_i, bottom_i):
            if 0 <= i < n_base:
                for j in columns:
                    scores[i][j] = wording[i][j]
    for i, j in chain:
        scores[i][j] = wording[i][j]
    return scores


def _anchor_chain(wording: list[list[float]], threshold: float) -> list[tuple[int, int]]:
    """The heaviest chain of anchors increasing in both versions (weighted LIS).

    A single anchor is no chain: it says nothing of whether the order is kept, and taking
    it for a skeleton penalised every pair of a reordered restatement that crosses it (a
    text restated in other words often has just one pair as close as _ANCHOR_MIN).
    Nor is a chain that the other pairs outvote (see _outvoted).
    """
    best_row_of_column = [column.index(max(column)) for column in zip(*wording, strict=True)]
    mutual_best = []  # sorted by base index
    for i, row in enumerate(wording):
        if not row:
            break
        best = max(row)
        j = row.index(best)
        if best >= min(threshold, _ANCHOR_MIN) and best_row_of_column[j] == i:
            mutual_best.append((i, j, best))
    chain = _heaviest_chain([pair for pair in mutual_best if pair[2] >= _ANCHOR_MIN])
    if len(chain) < _MIN_CHAIN or _outvoted(chain, mutual_best):
        return []
    return chain


def _outvoted(chain: list[tuple[int, int]], mutual_best: list[tuple[int, int, float]]) -> bool:
    """Whether pairs each other's best (wording from the threshold) that cross the chain
    are at least as many as its anchors.

    In a text restated in a new order (lake, with its amnesty restated as a ban on
    prosecution) a few anchors can agree with each other while the pairs below
    _ANCHOR_MIN that are each other's best cross them: the skeleton then pins the wrong
    points together and penalises the true links of the moved ones. The order it states
    is then no evidence, as with a single anchor. In an edited draft a moved point
    crosses a skeleton of many anchors. Measured on the tuning pairs: lake has 3 crossing
    pairs for 2 anchors, istran (reordered within sections, where the skeleton helps) 4
    for 5; a ratio of 1 or 1.5 gives the same links, 0.75 costs istran a link.
    """
    rows = [i for i, _ in chain]
    crossing = 0
    for i, j, _ in mutual_best:
        above = bisect.bisect_left(rows, i)  # anchors before the pair in the base
        below = bisect.bisect_right(rows, i)  # the first anchor after it
        # Both sides increase along the chain, so the nearest anchor on each side decides.
        if (above and chain[above - 1][1] > j) or (below < len(chain) and chain[below][1] < j):
            crossing += 1
    return crossing >= len(chain)


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The heaviest chain of (i, j, weight), sorted by i, increasing in both i and j.

    A weighted longest increasing subsequence: a Fenwick tree over j keeps the heaviest
    chain ending below each j, so the cost grows as n log n. Among equally heavy
    predecessors the earliest is taken.
    """
    size = max((j for _, j, _ in pairs), default=-1) + 2
    tree: list[tuple[float, int]] = [(0.0, 1)] * (size + 1)  # (chain weight, -index)
    chain_weight = [0.0] * len(pairs)
    previous = [-1] * len(pairs)
    start = 0
    while start < len(pairs):
        end = start
        while end < len(pairs) and pairs[end][0] == pairs[start][0]:
            end += 1
        for k in range(start, end):  # one i at a time: queries before updates
            best, position = (0.0, 1), pairs[k][1]
            while position > 0:
                best = max(best, tree[position])
                position -= position & -position
            chain_weight[k] = best[0] + pairs[k][2]
            previous[k] = -best[1]
        for k in range(start, end):
            position = pairs[k][1] + 1
            while position <= size:
                tree[position] = max(tree[position], (chain_weight[k], -k))
                position += position & -position
        start = end
    chain = []
    k = max(range(len(pairs)), key=chain_weight.__getitem__, default=-1)
    while k >= 0:
        chain.append(pairs[k][:2])
        k = previous[k]
    return chain[::-1]


def _numbering_kept(
    base: Sequence[BaseProvision], new: Sequence[NewProvision], chain: list[tuple[int, int]]
) -> bool:
    """Whether most anchors keep their number label, as in a point-by-point edit."""
    labelled = [(i, j) for i, j in chain if not _positional(base[i].key, new[j].key)]
    kept = sum(base[i].key.casefold() == new[j].key.casefold() for i, j in labelled)
    return len(labelled) >= 2 and 2 * kept > len(labelled)


def _add_label_bonus(
    scores: list[list[float]],
    wording: list[list[float]],
    base: Sequence[BaseProvision],
    new: Sequence[NewProvision],
    threshold: float,
) -> None:
    """When the numbering is kept, favour pairs with the same label, or "7" and "7a".

    As with order, the label only supports a pair whose wording reaches half the
    threshold; it settles which of two reworded neighbours continues which.
    """
    for i, base_provision in enumerate(base):
        for j, new_provision in enumerate(new):
            if wording[i][j] >= threshold / 2 and _same_point(
                base_provision.key, new_provision.key
            ):
                scores[i][j] += _LABEL_BONUS


def _positional(*keys: str) -> bool:
    return any(key.startswith("#") for key in keys)


def _same_point(base_key: str, new_key: str) -> bool:
    """Same label, or the new label is a sub-point of the base one ("7" -> "7a", "7.1")."""
    if _positional(base_key, new_key):
        return False
    base_label, new_label = base_key.casefold(), new_key.casefold()
    if not new_label.startswith(base_label):
        return False
    suffix = new_label[len(base_label) :]
    return not suffix or bool(_SUB_LABEL.fullmatch(suffix))


def _one_to_one(
    scores: list[list[float]], candidates: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Greedy assignment of the candidate pairs (those at or above the threshold), best
    score first, ties to the pair closest in relative position.

    Measured against an optimal (Hungarian) assignment: same links on every pair.
    """
    n_base = len(scores)
    n_new = len(scores[0]) if scores else 0
    ranked = sorted((-scores[i][j], abs(i / n_base - j / n_new), i, j) for i, j in candidates)
    used_base: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, _, i, j in ranked:
        if i not in used_base and j not in used_new:
            used_base.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


class _Groups:
    """The links found so far, by base index and by new index."""

    def __init__(self, pairs: Iterable[tuple[int, int]]) -> None:
        self.news_of: dict[int, list[int]] = {}
        self.bases_of: dict[int, list[int]] = {}
        for i, j in pairs:
            self.add(i, j)

    def add(self, i: int, j: int) -> None:
        self.news_of.setdefault(i, []).append(j)
        self.bases_of.setdefault(j, []).append(i)

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return [(i, j) for i, news in self.news_of.items() for j in news]


def _newly_explained(partner: _Profile, group: list[_Profile], candidate: _Profile) -> float:
    """The share of a unit profile's word weight that candidate has and no group member has.

    The sum of the squared weights of the partner's word terms found in the candidate and
    in no member of the group: what the candidate explains that the group did not. (The
    4-grams are left out: they tell the same on the pairs measured, at five times the
    cost.)
    """
    return sum(
        weight * weight
        for term, weight in partner.words.items()
        if term in candidate.words and not any(term in member.words for member in group)
    )


def _attach_leftovers(
    groups: _Groups,
    scores: list[list[float]],
    candidates: list[tuple[int, int]],
    base_side: tuple[list[_Profile], list[_Profile]],
    new_side: tuple[list[_Profile], list[_Profile]],
) -> None:
    """Second pass: attach provisions to linked ones (splits, merges, many-to-many).

    A candidate (i, j) must score at least the threshold and must improve the group it
    joins: a leftover new provision j joins base i (a split) when base i is more similar
    to its new provisions read together with j than without; a leftover base provision
    joins a new one (a merge) the same way round. Adding text that says little of the
    partner dilutes the group, which keeps short generic points out. The candidate must
    also explain _ATTACH_SHARE of the partner that the group did not: a point that only
    repeats words the group already has (the same law's title, the same body's name)
    raises the similarity through their weight but is no piece of the partner.
    Candidates are tried best score first.

    Two provisions both linked elsewhere (a base point split while part of it merges
    into another point) are linked only when the pair scores _MANY_TO_MANY_MIN, both
    groups gain, and each explains at least _MANY_TO_MANY_SHARE of the other that its
    group did not: a point whose words its group already covers (the same council, the
    same office named in both) adds nothing to it.

    Each side is given as (raw profiles, unit profiles).
    """
    (base_profiles, base_units), (new_profiles, new_units) = base_side, new_side
    ranked = sorted(candidates, key=lambda pair: (-scores[pair[0]][pair[1]], pair))

    def improves(partner: _Profile, group: list[_Profile], candidate: _Profile) -> bool:
        # partner is a unit profile; group and candidate are raw, summed as one text.
        before = _similarity(partner, _unit_profile(group))
        return _similarity(partner, _unit_profile([*group, candidate])) > before

    def split_gain(i: int, j: int) -> bool:
        group = [new_profiles[k] for k in groups.news_of[i]]
        return improves(base_units[i], group, new_profiles[j])

    def merge_gain(i: int, j: int) -> bool:
        group = [base_profiles[k] for k in groups.bases_of[j]]
        return improves(new_units[j], group, base_profiles[i])

    def explains_both(i: int, j: int) -> bool:
        news = [new_units[k] for k in groups.news_of[i]]
        bases = [base_units[k] for k in groups.bases_of[j]]
        return (
            _newly_explained(base_units[i], news, new_units[j]) >= _MANY_TO_MANY_SHARE
            and _newly_explained(new_units[j], bases, base_units[i]) >= _MANY_TO_MANY_SHARE
        )

    def explains(partner: _Profile, group: list[int], units: list[_Profile], k: int) -> bool:
        members = [units[m] for m in group]
        return _newly_explained(partner, members, units[k]) >= _ATTACH_SHARE

    for i, j in ranked:
        base_linked, new_linked = i in groups.news_of, j in groups.bases_of
        if base_linked and new_linked:
            joins = (
                scores[i][j] >= _MANY_TO_MANY_MIN
                and j not in groups.news_of[i]
                and explains_both(i, j)
                and split_gain(i, j)
                and merge_gain(i, j)
            )
        else:
            # Both leftovers: the one-to-one pass has declined the pair already.
            joins = (
                split_gain(i, j) and explains(base_units[i], groups.news_of[i], new_units, j)
                if base_linked
                else new_linked
                and merge_gain(i, j)
                and explains(new_units[j], groups.bases_of[j], base_units, i)
            )
        if joins:
            groups.add(i, j)


def _fill_gaps(groups: _Groups, wording: list[list[float]], threshold: float) -> None:
    """Last pass: pair the provisions left over between two consecutive links.

    Between two links that keep the order of both versions, the base provisions nothing
    continues and the new provisions that continue nothing face each other. Each pair
    there that is the best of its row and of its column among them, with wording of at
    least half the threshold (some evidence, as for the order bonus), is linked: in a
    text restated point by point, elimination pins down what shared words alone cannot.
    Gaps closed by a document edge are left alone, as in the order bonus.
    """
    for rows, columns in _leftover_gaps(groups, _links_chain(groups, wording)):
        if len(rows) == len(columns):  # unequal: insertions or deletions, elimination unsafe
            _pair_mutual_best(groups, wording, (rows, columns), threshold / 2)


def _links_chain(groups: _Groups, wording: list[list[float]]) -> list[tuple[int, int]]:
    """The heaviest chain of the links found so far increasing in both versions."""
    return _heaviest_chain(sorted((i, j, wording[i][j]) for i, j in groups.pairs))


def _leftover_gaps(
    groups: _Groups, bounds: list[tuple[int, int]]
) -> Iterator[tuple[list[int], list[int]]]:
    """Between each two consecutive `bounds` (pairs increasing in both versions), the base
    provisions nothing continues and the new provisions that continue nothing."""
    for (top_i, top_j), (bottom_i, bottom_j) in zip(bounds, bounds[1:], strict=False):
        rows = [i for i in range(top_i + 1, bottom_i) if i not in groups.news_of]
        columns = [j for j in range(top_j + 1, bottom_j) if j not in groups.bases_of]
        yield rows, columns


def _pair_mutual_best(
    groups: _Groups,
    wording: list[list[float]],
    leftovers: tuple[list[int], list[int]],
    minimum: float,
) -> None:
    """Link each leftover row and column that are each other's best, from minimum wording."""
    rows, columns = leftovers
    for i in rows:
        row_best = max(columns, key=lambda j, i=i: wording[i][j], default=None)
        if row_best is None or wording[i][row_best] < minimum:
            continue
        if max(rows, key=lambda k: wording[k][row_best]) == i:
            groups.add(i, row_best)


def _order_from_links(groups: _Groups, wording: list[list[float]], threshold: float) -> None:
    """Last pass: the order bonus again, from the links found rather than the anchors.

    In a text restated in other words few pairs reach _ANCHOR_MIN, so the skeleton is
    thin or empty, while the links found by then keep the order of both versions over
    most of the text. Their heaviest increasing chain is taken as the skeleton (with
    _MIN_CHAIN links at least), the order bonus and crossing penalty are recomputed
    from it, and the provisions still left over are linked one to one from
    _LINK_ORDER_MIN times the threshold: more than the first pass asks, since these
    bounds are weaker evidence than anchors.
    """
    chain = _links_chain(groups, wording)
    if len(chain) < _MIN_CHAIN:
        return
    scores = _with_order_bonus(wording, chain, threshold)
    leftovers = [
        (i, j)
        for i, row in enumerate(scores)
        if i not in groups.news_of
        for j, score in enumerate(row)
        if j not in groups.bases_of and score >= _LINK_ORDER_MIN * threshold
    ]
    for i, j in _one_to_one(scores, leftovers):
        groups.add(i, j)


def _concept_set(profile: _Profile) -> set[str]:
    return {term for term in profile.words if term[0] == CONCEPT_MARK}


def _match_concepts(
    groups: _Groups,
    wording: list[list[float]],
    units: tuple[list[_Profile], list[_Profile]],
    threshold: float,
) -> None:
    """Last pass: a concept that only one leftover on each side of a gap states links them.

    A commitment restated in other words may share nothing with its origin but the
    vocabulary's concept ("an immediate bilateral ceasefire along the line of contact" and
    "a comprehensive halt to firing from midnight", wording 0.05 among a dozen long
    restated points), too little for any pass above. Between two links that keep the
    order of both versions (or before the first, the starts being kept), a concept
    stated by exactly one base and one new provision left over there pins them to each
    other, as elimination does, when their wording reaches _CONCEPT_MATCH_MIN times the
    threshold (the concept alone gives that much unless one text is long). The gap after
    the last link is open, as for the order bonus; with no link at all there is no gap
    (no order to rely on). A provision that two such concepts would pair with different partners is
    left alone. Each side is given as unit profiles.
    """
    base_units, new_units = units
    for rows, columns in _leftover_gaps(groups, [(-1, -1), *_links_chain(groups, wording)]):
        row_concepts = {i: _concept_set(base_units[i]) for i in rows}
        column_concepts = {j: _concept_set(new_units[j]) for j in columns}
        found = set()
        concepts = set().union(*row_concepts.values()) & set().union(*column_concepts.values())
        for concept in concepts:
            having_rows = [i for i in rows if concept in row_concepts[i]]
            having_columns = [j for j in columns if concept in column_concepts[j]]
            if len(having_rows) == 1 and len(having_columns) == 1:
                found.add((having_rows[0], having_columns[0]))
        _link_unambiguous(groups, found, wording, _CONCEPT_MATCH_MIN * threshold)


def _link_unambiguous(
    groups: _Groups, found: set[tuple[int, int]], wording: list[list[float]], minimum: float
) -> None:
    """Link each found pair whose row and column are in no other, from minimum wording."""
    rows_found = Counter(i for i, _ in found)
    columns_found = Counter(j for _, j in found)
    for i, j in found:
        if rows_found[i] == 1 and columns_found[j] == 1 and wording[i][j] >= minimum:
            groups.add(i, j)


def _figures(profile: _Profile) -> set[str]:
    return {term for term in profile.words if term[0].isdigit()}


def _match_figures(
    groups: _Groups,
    wording: list[list[float]],
    units: tuple[list[_Profile], list[_Profile]],
    threshold: float,
) -> None:
    """Last pass: a figure that one provision on each side states, and only one, links them.

    A deadline, a count or a sum kept from one draft to the next ("18 inspections a
    year", "forty thousand million cubic metres", "a decade") often survives a rewording
    that changes every word around it, and a figure found once in each text is rarer
    evidence than any word: "Teams may visit facilities up to eighteen times in a year"
    continues "18 on-site inspections per year" with a wording of 0.08. Unlike a concept,
    it needs no gap: where the point moved, the figure moved with it. Both provisions
    must be left over, their wording must reach _CONCEPT_MATCH_MIN times the threshold,
    and a provision that two figures would pair with different partners is left alone.
    """
    base_units, new_units = units
    base_figures = [_figures(unit) for unit in base_units]
    new_figures = [_figures(unit) for unit in new_units]
    base_count = Counter(itertools.chain.from_iterable(base_figures))
    new_count = Counter(itertools.chain.from_iterable(new_figures))
    new_stating = {figure: j for j, figures in enumerate(new_figures) for figure in figures}
    found = {
        (i, new_stating[figure])
        for i, figures in enumerate(base_figures)
        if i not in groups.news_of
        for figure in figures
        if base_count[figure] == 1
        and new_count[figure] == 1
        and new_stating[figure] not in groups.bases_of
    }
    _link_unambiguous(groups, found, wording, _CONCEPT_MATCH_MIN * threshold)


def _pair_reordered_leftovers(
    groups: _Groups, wording: list[list[float]], threshold: float
) -> None:
    """Last pass, for a reordered text: leftovers each other's best are linked.

    When _REORDERED_SHARE of the links or more lie off their heaviest increasing chain,
    the text has been reordered, and the order says nothing of where a moved point went:
    the order bonus cannot help it and the crossing penalty works against it. There,
    each leftover base provision and leftover new provision that are each other's best
    among the leftovers, with wording of at least half the threshold, are linked, as
    elimination does in a balanced gap. Only numbered texts are paired this way: the
    paragraphs of a text known from reports are not its points (on the reported dossier
    pairs, whose links also lie off their chain, it gave three wrong links).
    """
    pairs = groups.pairs
    chain = _links_chain(groups, wording)
    if not pairs or len(chain) > (1 - _REORDERED_SHARE) * len(pairs):
        return
    rows = [i for i in range(len(wording)) if i not in groups.news_of]
    columns = [j for j in range(len(wording[0])) if j not in groups.bases_of]
    _pair_mutual_best(groups, wording, (rows, columns), threshold / 2)


def _same_subject_links(
    base: Sequence[BaseProvision], pair_scores: dict[tuple[int, int], float]
) -> dict[tuple[int, int], float]:
    """Links from a new provision to the base provisions sharing a thread with its links.

    Base provisions with a common thread are one subject (a point that the base version
    had already split, say), so the one new provision that continues it continues all of
    it. Such a link takes the score of the link it derives from. A subject that several
    new provisions continue stays as the links found: the draft keeps its pieces apart
    (base points 8 and 9 of one subject kept as new points 7 and 8 are not two merges of
    8 and 9). Without threads this adds nothing.
    """
    bases_of_thread: dict[str, set[int]] = {}
    for k, provision in enumerate(base):
        for thread in provision.threads:
            bases_of_thread.setdefault(thread, set()).add(k)
    extra: dict[tuple[int, int], float] = {}
    for members in bases_of_thread.values():
        links = {(i, j): score for (i, j), score in pair_scores.items() if i in members}
        if len({j for _, j in links}) != 1:
            continue
        for (_, j), score in links.items():
            for k in members:
                if (k, j) not in pair_scores:
                    extra[k, j] = max(score, extra.get((k, j), 0.0))
    return extra


def _shared_terms(
    base_unit: _Profile, new_unit: _Profile, written: dict[str, str]
) -> tuple[str, ...]:
    """The terms two texts share, heaviest first, as an editor reads them (see Link.shared)."""
    weights = new_unit.words
    terms = sorted(
        (term for term in base_unit.words if term in weights),
        key=lambda term: (-base_unit.words[term] * weights[term], term),
    )
    shown: list[str] = []
    for term in terms:
        readable = _readable(term, written)
        # "contact" says nothing more after the concept "contact line".
        if not any(readable in earlier.split() for earlier in shown):
            shown.append(readable)
        if len(shown) == _SHARED_SHOWN:
            break
    return tuple(shown)


def _readable(term: str, written: dict[str, str]) -> str:
    if term.startswith(CONCEPT_MARK):
        return term[1:].replace("-", " ")
    if CONCEPT_MARK in term:  # a duration: "4~months"
        count, unit = term.split(CONCEPT_MARK)
        return f"{count} {unit.removesuffix('s') if count == '1' else unit}"
    return written.get(term, term)


def _build(
    base: Sequence[BaseProvision],
    new: Sequence[NewProvision],
    pair_scores: dict[tuple[int, int], float],
    units: tuple[list[_Profile], list[_Profile]],
    new_written: list[dict[str, str]],
) -> Alignment:
    n_news = Counter(i for i, _ in pair_scores)
    n_bases = Counter(j for _, j in pair_scores)
    links = []
    for i, j in sorted(pair_scores, key=lambda pair: (pair[1], pair[0])):
        # A provision in a many-to-many group is reported as merged.
        if n_bases[j] > 1:
            relation = "merged"
        elif n_news[i] > 1:
            relation = "split"
        elif _normalised(base[i].text) == _normalised(new[j].text):
            relation = "same"
        else:
            relation = "amended"
        shared = _shared_terms(units[0][i], units[1][j], new_written[j])
        links.append(Link(base[i].key, new[j].key, relation, round(pair_scores[i, j], 2), shared))
    return Alignment(
        links=links,
        added=[p.key for j, p in enumerate(new) if j not in n_bases],
        dropped=[p.key for i, p in enumerate(base) if i not in n_news],
    )
