"""Unit tests of the alignment engine on tiny hand-made drafts."""

import dataclasses
from pathlib import Path

import pytest

from benchmarks.align_eval import INVENTED_DIR, dossier_dir, gold_links, load_plans
from provisions.engines.alignment import (
    DEFAULT_THRESHOLD,
    SURE_SCORE,
    Alignment,
    BaseProvision,
    Link,
    NewProvision,
    _fill_gaps,
    _Groups,
    align,
    provision_key,
)

REPO = Path(__file__).resolve().parent.parent

# A small ceasefire draft; every test derives its new version from it.
CEASEFIRE = {
    "1": "All hostilities shall cease at midnight on the day after signature.",
    "2": "Heavy artillery and rocket launchers shall be withdrawn 15 kilometres from the "
    "contact line within 14 days.",
    "3": "A joint monitoring commission chaired by the regional envoy shall verify "
    "compliance and report every violation to the guarantor states.",
    "4": "All prisoners shall be exchanged within 30 days on an all-for-all basis, and the "
    "Red Cross shall visit every place of detention.",
    "5": "Local elections in the eastern districts shall be held within six months under "
    "international observation.",
    "6": "An amnesty shall be granted to fighters who lay down their arms, except for those "
    "accused of war crimes.",
}


def base_of(texts: dict[str, str]) -> list[BaseProvision]:
    return [BaseProvision(key, text) for key, text in texts.items()]


def new_of(texts: dict[str, str]) -> list[NewProvision]:
    return [NewProvision(key, text) for key, text in texts.items()]


def link_pairs(result: Alignment) -> set[tuple[str, str]]:
    return {(link.base, link.new) for link in result.links}


def relations(result: Alignment) -> dict[tuple[str, str], str]:
    return {(link.base, link.new): link.relation for link in result.links}


def test_provision_key_uses_the_number_or_the_position():
    assert provision_key("6", 2) == "6"
    assert provision_key(" 10a ", 11) == "10a"
    assert provision_key(None, 3) == "#3"
    assert provision_key("", 4) == "#4"


def test_the_public_dataclasses_are_frozen_and_new_provisions_carry_no_threads():
    assert [field.name for field in dataclasses.fields(NewProvision)] == ["key", "text"]
    assert BaseProvision("1", "text").threads == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        Link("1", "1", "same", 1.0).score = 0.5  # type: ignore[misc]


def test_identical_lists_link_one_to_one_as_same():
    result = align(base_of(CEASEFIRE), new_of(CEASEFIRE))
    assert result.links == [Link(key, key, "same", 1.0) for key in CEASEFIRE]
    assert result.added == [] and result.dropped == []


def test_same_ignores_whitespace_and_case_only():
    base = base_of(CEASEFIRE)
    new = new_of(
        {**CEASEFIRE, "1": "  ALL hostilities shall cease at midnight\non the day after signature."}
    )
    assert relations(align(base, new))["1", "1"] == "same"
    new = new_of(
        {**CEASEFIRE, "1": "All hostilities shall cease at noon on the day after signature."}
    )
    assert relations(align(base, new))["1", "1"] == "amended"


def test_a_single_amended_point_links_to_its_base():
    # With one provision a side, every shared word is in every document: the IDF must
    # still give those words some weight.
    result = align(
        [BaseProvision("6", "The armed forces are capped at 600,000 personnel.")],
        [NewProvision("6", "The armed forces are capped at 800,000 personnel in peacetime.")],
    )
    assert result.links == [Link("6", "6", "amended", result.links[0].score)]
    assert result.links[0].score >= DEFAULT_THRESHOLD


def test_renumbered_and_reordered_points_still_link_by_wording():
    # New numbering runs 1..6 over the points in reverse order, each slightly edited.
    reordered = {
        str(position): text.replace("shall", "will")
        for position, text in enumerate(reversed(CEASEFIRE.values()), 1)
    }
    result = align(base_of(CEASEFIRE), new_of(reordered))
    expected = {(str(7 - position), str(position)) for position in range(1, 7)}
    assert link_pairs(result) == expected
    assert {link.relation for link in result.links} == {"amended"}


def test_a_deleted_point_is_dropped():
    new = {key: text for key, text in CEASEFIRE.items() if key != "6"}
    result = align(base_of(CEASEFIRE), new_of(new))
    assert result.dropped == ["6"]
    assert ("6", "6") not in link_pairs(result)


def test_an_inserted_point_is_added():
    new = dict(CEASEFIRE)
    new["7"] = "Child soldiers shall be handed over to child protection agencies at once."
    result = align(base_of(CEASEFIRE), new_of(new))
    assert result.added == ["7"]
    assert result.dropped == []


def test_a_point_split_in_two_links_to_both_pieces_as_split():
    new = {
        "1": CEASEFIRE["1"],
        "2": CEASEFIRE["2"],
        "3": CEASEFIRE["3"],
        "4": "All prisoners shall be exchanged within 45 days on an all-for-all basis.",
        "5": "The Red Cross shall visit every place of detention without notice.",
        "6": CEASEFIRE["5"],
        "7": CEASEFIRE["6"],
    }
    result = align(base_of(CEASEFIRE), new_of(new))
    assert relations(result)["4", "4"] == "split"
    assert relations(result)["4", "5"] == "split"
    assert result.added == [] and result.dropped == []


def test_an_inserted_point_sharing_some_words_with_its_neighbour_is_not_a_split():
    # The new point scores above the threshold against point 3, but reading it with
    # point 3 describes base point 3 worse, not better: it is an insertion.
    inserted = (
        "The commission chaired by the regional envoy shall also oversee the return of "
        "displaced families to their villages, the restoration of seized houses and "
        "compensation for destroyed farmland."
    )
    keys = list(CEASEFIRE)
    new = {key: CEASEFIRE[key] for key in keys[:3]} | {"3b": inserted}
    new |= {key: CEASEFIRE[key] for key in keys[3:]}
    result = align(base_of(CEASEFIRE), new_of(new))
    assert result.added == ["3b"]
    assert link_pairs(result) == {(key, key) for key in CEASEFIRE}


def test_two_points_merged_into_one_link_as_merged():
    base = {
        **CEASEFIRE,
        "3": "A joint monitoring commission chaired by the regional envoy shall verify compliance.",
        "3a": "The commission shall report every violation to the guarantor states.",
    }
    result = align(base_of(base), new_of(CEASEFIRE))
    assert relations(result)["3", "3"] == "merged"
    assert relations(result)["3a", "3"] == "merged"
    assert result.dropped == []


def test_kept_numbering_links_a_reworded_point_that_wording_and_order_leave_out():
    base = {
        **{key: CEASEFIRE[key] for key in "123"},
        "4": "People who fled may return voluntarily to their homes in the eastern districts.",
        "5": "Property seized during the conflict shall be restored to its owners.",
        "6": "Schools and hospitals in the affected towns shall reopen within a year.",
        "7": "Pensions and social benefits shall be paid again to residents of the affected areas.",
        "8": CEASEFIRE["5"],
        "9": CEASEFIRE["6"],
    }
    new = {
        **{key: CEASEFIRE[key] for key in "123"},
        "4": "Families driven out by the fighting shall be free to go back to their homes.",
        "5": "Owners shall recover confiscated land and houses, or be paid for them.",
        "6": "Clinics and classrooms in towns near the front shall open again.",
        "7": "The state shall resume paying pensions to people living beyond the contact line.",
        "8": CEASEFIRE["5"],
        "9": CEASEFIRE["6"],
    }
    kept = align(base_of(base), new_of(new))
    assert link_pairs(kept) == {(key, key) for key in base}
    # The same texts renumbered: point 4 shares too few words to be linked on wording,
    # nor is it a piece of point 17 (it explains nothing of it that 7 did not); once that
    # merge is refused, the gap is balanced and elimination pairs it with 14.
    shifted = align(base_of(base), new_of({str(int(k) + 10): t for k, t in new.items()}))
    assert ("4", "17") not in link_pairs(shifted)
    assert {("4", "14"), ("5", "15")} <= link_pairs(shifted)


def test_sub_points_of_a_split_point_keep_its_number():
    base = {
        **CEASEFIRE,
        "7": "A Joint River Commission of six members is established; it shall meet twice a "
        "year and review the allocation of water every five years.",
    }
    new = {
        **CEASEFIRE,
        "7a": "A Joint River Commission of eight members is established; it shall meet twice "
        "a year.",
        "7b": "The allocation of water shall be reviewed every five years.",
    }
    result = align(base_of(base), new_of(new))
    assert relations(result)["7", "7a"] == relations(result)["7", "7b"] == "split"


def test_links_are_ordered_by_new_then_base_position():
    base = {
        "a": "The commission shall report every violation to the guarantor states.",
        **CEASEFIRE,
        "3": "A joint monitoring commission chaired by the regional envoy shall verify compliance.",
    }
    result = align(base_of(base), new_of(CEASEFIRE))
    new_order = list(CEASEFIRE)
    base_order = list(base)
    positions = [(new_order.index(x.new), base_order.index(x.base)) for x in result.links]
    assert positions == sorted(positions)
    assert [x.base for x in result.links if x.new == "3"] == ["a", "3"]


def test_a_short_generic_point_does_not_link_to_long_unrelated_ones():
    base = [
        BaseProvision("1", "Ukraine's sovereignty is confirmed."),
        BaseProvision(
            "2",
            "Ukraine will hold presidential and parliamentary elections within 100 days "
            "of signature, observed by the OSCE.",
        ),
        BaseProvision(
            "3",
            "Ukraine may export grain through the Black Sea, and Russia will not obstruct "
            "commercial shipping on the Dnipro.",
        ),
    ]
    new = [
        # Mentions Ukraine and even "sovereign", but is about frozen assets.
        NewProvision(
            "1",
            "Ukraine is to be rebuilt and compensated from Russian sovereign assets, which "
            "stay frozen until Russia pays for the damage done to Ukraine.",
        ),
        NewProvision(
            "2",
            "Ukraine will hold presidential and parliamentary elections as soon as possible "
            "after signature, observed by the OSCE.",
        ),
        NewProvision(
            "3",
            "Ukraine may export grain through the Black Sea, and Russia will not obstruct "
            "commercial shipping on the Dnipro or at the Kinburn Spit.",
        ),
    ]
    result = align(base, new)
    assert ("1", "1") not in link_pairs(result)
    assert result.dropped == ["1"]
    assert result.added == ["1"]


def test_a_deleted_short_point_does_not_link_to_an_inserted_long_one_sharing_a_word():
    # Most points mention Ukraine, as in a real plan; the short point shares "Ukraine"
    # and "sovereignty" with a point inserted elsewhere about something else.
    plan = {
        "2": "Ukraine is to be given solid security guarantees.",
        "3": "The Armed Forces of Ukraine are to be held to a ceiling of 600,000 personnel.",
        "4": "Ukraine qualifies for EU membership and enjoys short-term access to European "
        "markets.",
        "5": "Elections are to take place in Ukraine in 100 days.",
        "6": "A humanitarian committee is to settle the exchange of all prisoners and the "
        "return of civilians and children to Ukraine.",
    }
    short = "Ukraine's sovereignty is confirmed."
    airspace = (
        "Ukraine and Russia undertake that the sovereignty of each state over its airspace "
        "is to be respected, and civil aviation authorities are to reopen the airports of "
        "Ukraine within 60 days."
    )
    result = align(base_of({"1": short, **plan}), new_of({**plan, "7": airspace}))
    assert link_pairs(result) == {(key, key) for key in plan}
    assert result.dropped == ["1"] and result.added == ["7"]


# An editors' draft: a few US-28 points reworded, then one point that is new.
US_28_EDIT = {
    "1": "Ukraine's sovereignty is confirmed by all signatories.",
    "2": "Ukraine shall receive robust security guarantees.",
    "3": "Ukraine's armed forces shall be capped at 800,000 personnel in peacetime.",
    "4": "The Zaporizhzhia nuclear power plant shall restart under IAEA supervision, its "
    "electricity shared as the parties agree.",
    "5": "Russia shall not obstruct commercial use of the Dnipro river, and grain shall be "
    "shipped freely across the Black Sea.",
}


@pytest.mark.parametrize(
    "final_point",
    [
        "A joint commission on the return of displaced children shall be established "
        "within 60 days.",
        "A joint commission on the return of displaced children shall be set up, with a "
        "neutral chair, and shall present its first findings within 60 days.",
    ],
    ids=["short", "long"],
)
def test_a_new_final_point_is_added_not_linked_to_a_dropped_tail_point(final_point):
    # Reported from the editors' workflow: the new point was linked to US point 25
    # ("Elections ... in 100 days"), which it shares only "days" with, lifted over the
    # threshold by the bonus of the gap between the last anchor (23) and the end.
    us_28 = load_plans(dossier_dir() / "plans")["us-28"]
    base = [BaseProvision(k, t) for k, t in zip(us_28.keys, us_28.texts, strict=True)]
    result = align(base, new_of({**US_28_EDIT, "6": final_point}))
    assert link_pairs(result) == {("1", "1"), ("5", "2"), ("6", "3"), ("19", "4"), ("23", "5")}
    assert result.added == ["6"]
    assert {"24", "25", "26", "27", "28"} <= set(result.dropped)


def test_order_helps_a_weak_pair_between_anchors_but_not_after_the_last_one():
    eif = "This agreement enters into force upon signature by both parties."
    weak = "Fighters who give up their arms shall be offered vocational training and civilian jobs."
    # Between anchored neighbours (5 and 7), the lone point is taken as point 6 reworded.
    closed = align(
        base_of({**CEASEFIRE, "7": eif}),
        new_of({**{k: CEASEFIRE[k] for k in "12345"}, "6": weak, "7": eif}),
    )
    assert ("6", "6") in link_pairs(closed)
    # Appended after the last anchor with the base's tail dropped, nothing closes the gap:
    # the same wording is not enough.
    appended = align(base_of(CEASEFIRE), new_of({**{k: CEASEFIRE[k] for k in "1234"}, "5": weak}))
    assert link_pairs(appended) == {(k, k) for k in "1234"}
    assert appended.added == ["5"] and appended.dropped == ["5", "6"]


def test_order_helps_a_weak_first_point_before_the_first_anchor():
    weak = "Fighters who give up their arms shall be offered vocational training and civilian jobs."
    base = {"1": CEASEFIRE["6"], **{k: CEASEFIRE[k] for k in "2345"}}
    # Renumbered, so that the label gives no bonus: order alone pins the first point.
    new = {"#1": weak, **{f"#{k}": CEASEFIRE[k] for k in "2345"}}
    assert ("1", "#1") in link_pairs(align(base_of(base), new_of(new)))


def test_a_shared_deadline_unit_is_not_a_shared_subject():
    # A point replaced in place by another: both set a deadline in days, nothing else.
    kept = {"1": CEASEFIRE["1"], "2": CEASEFIRE["3"], "4": CEASEFIRE["6"]}
    base = {**kept, "3": "Elections shall take place in 100 days."}
    new = {**kept, "3": "Damaged bridges shall be rebuilt in 60 days."}
    result = align(base_of(base), new_of(new))
    assert link_pairs(result) == {(k, k) for k in kept}
    assert result.added == ["3"] and result.dropped == ["3"]
    # The figure of an unchanged deadline still counts.
    same_deadline = align(
        base_of(base), new_of({**new, "3": "Elections shall be held in 100 days."})
    )
    assert ("3", "3") in link_pairs(same_deadline)


def test_the_threshold_suppresses_weak_links():
    # The weak pair comes after the last link: before it, a concept that only these two
    # state (mine clearance) would link them from a third of the threshold.
    base = [
        BaseProvision("1", "Heavy weapons shall be withdrawn from the contact line."),
        BaseProvision("2", "The parties shall exchange maps of minefields before spring."),
    ]
    new = [
        NewProvision("1", "Heavy weapons shall be withdrawn from the contact line."),
        NewProvision("2", "Demining of farmland shall follow the exchange of minefield maps."),
    ]
    weak = align(base, new)
    score = {(x.base, x.new): x.score for x in weak.links}[("2", "2")]
    assert 0 < score < 1
    strict = align(base, new, threshold=score + 0.05)
    assert link_pairs(strict) == {("1", "1")}
    assert strict.dropped == ["2"] and strict.added == ["2"]
    assert align(base, new, threshold=1.01).links == []


def test_unrelated_texts_are_not_linked_at_the_default_threshold():
    base = base_of(CEASEFIRE)
    new = new_of(
        {
            "1": "The central bank shall publish its foreign currency reserves each quarter.",
            "2": "Fishing quotas for the northern lakes shall be set by a joint committee.",
        }
    )
    result = align(base, new)
    assert result.links == []
    assert result.added == ["1", "2"]
    assert result.dropped == list(CEASEFIRE)


def test_figures_decide_between_otherwise_similar_points():
    base = [
        BaseProvision("1", "The armed forces shall be capped at 600,000 personnel."),
        BaseProvision("2", "The police force shall be capped at 80,000 officers."),
    ]
    new = [NewProvision("A", "A cap of 600,000 personnel shall apply to the armed forces.")]
    assert link_pairs(align(base, new)) == {("1", "A")}


def test_base_threads_are_optional_and_join_base_points_of_one_subject():
    base = [
        BaseProvision(
            "8", "A development fund shall invest in technology and data centres.", ("recon",)
        ),
        BaseProvision(
            "9", "Several funds shall mobilise 800 billion dollars for recovery.", ("recon",)
        ),
        BaseProvision(
            "10", "Ukraine shall conclude a free trade agreement with the United States."
        ),
    ]
    new = [
        NewProvision(
            "1", "A development fund shall invest in technology, energy and data centres."
        ),
        NewProvision("2", "Ukraine shall speed up a free trade agreement with the United States."),
    ]
    result = align(base, new)
    assert link_pairs(result) == {("8", "1"), ("9", "1"), ("10", "2")}
    assert relations(result)["9", "1"] == "merged"
    # Without threads the same input is aligned on wording alone.
    plain = align([dataclasses.replace(p, threads=()) for p in base], new)
    assert link_pairs(plain) == {("8", "1"), ("10", "2")}


def test_a_subject_kept_as_several_new_points_is_not_offered_as_a_merge_to_each():
    # Reported from the editors' workflow: against the 20-point framework, base points 8
    # and 9 (one subject) kept as draft points 7 and 8 were each offered "merged from 8
    # and 9".
    framework = load_plans(dossier_dir() / "plans")["peace-framework-20"]
    base = [
        BaseProvision(k, t, th)
        for k, t, th in zip(framework.keys, framework.texts, framework.threads, strict=True)
    ]
    texts = dict(zip(framework.keys, framework.texts, strict=True))
    assert base[7].threads == base[8].threads
    del texts["7"]
    result = align(base, [NewProvision(str(k), t) for k, t in enumerate(texts.values(), 1)])
    pairs = link_pairs(result)
    assert {("8", "7"), ("9", "8")} <= pairs
    assert ("9", "7") not in pairs and ("8", "8") not in pairs
    assert relations(result)["8", "7"] == relations(result)["9", "8"] == "same"


@pytest.mark.parametrize("with_edits", [False, True], ids=["alone", "after-edits"])
def test_a_point_sharing_only_joint_body_words_is_not_linked(with_edits):
    # Reported from the editors' workflow: a new point on a joint commission on deported
    # children was linked to US-28 point 15 (a joint US-Russian working group on
    # security), through "joint" and "set up" alone. (Deported children now do meet
    # point 24, which sends detained children back: the subject here is one US-28 lacks.)
    us_28 = load_plans(dossier_dir() / "plans")["us-28"]
    base = [
        BaseProvision(k, t, th)
        for k, t, th in zip(us_28.keys, us_28.texts, us_28.threads, strict=True)
    ]
    point = "A joint commission on cultural heritage shall be set up."
    assert not any("heritage" in text.casefold() for text in us_28.texts)
    result = align(base, new_of({**(US_28_EDIT if with_edits else {}), "6": point}))
    assert not any(link.new == "6" for link in result.links)
    assert result.added == ["6"]


def test_joint_body_words_still_count_beside_a_subject():
    base = base_of(
        {
            "1": "Joint teams shall inspect every ship at anchorage before it enters the corridor.",
            "2": "A joint working group on security shall be set up.",
        }
    )
    new = new_of({"1": "Joint teams shall inspect each vessel at anchor on the way in."})
    assert link_pairs(align(base, new)) == {("1", "1")}


@pytest.mark.parametrize("moved_to_end", [False, True], ids=["in-place", "moved-to-end"])
def test_a_concept_only_one_leftover_on_each_side_states_links_them_between_links(
    moved_to_end,
):
    # The lake protocol's ceasefire restated as a "comprehensive halt to firing" among a
    # dozen restated points: wording 0.05, only the concept in common.
    plans = load_plans(INVENTED_DIR)
    protocol, measures = plans["lake-protocol"], plans["lake-measures"]
    base = [BaseProvision(k, t) for k, t in zip(protocol.keys, protocol.texts, strict=True)]
    points = list(zip(measures.keys, measures.texts, strict=True))
    if moved_to_end:  # after the last link nothing closes the gap
        points = [*points[1:], ("13", points[0][1])]
    pairs = link_pairs(align(base, [NewProvision(k, t) for k, t in points]))
    if moved_to_end:
        assert ("1", "13") not in pairs
    else:
        assert ("1", "1") in pairs


def test_anchors_outvoted_by_the_pairs_crossing_them_are_no_skeleton():
    # The lake package of measures restates the protocol in a new order. Kept word for
    # word, its amnesty (protocol 6, now point 5) becomes a second anchor beside 10 -> 10:
    # two anchors in order, crossed by three pairs each other's best (5 -> 6, 9 -> 4,
    # 11 -> 8). Taken for a skeleton they penalised those links and pinned protocol 4
    # (the border) to new 2 (a security zone) by the bonus of the gap before them.
    plans = load_plans(INVENTED_DIR)
    protocol, measures = plans["lake-protocol"], plans["lake-measures"]
    amnesty = protocol.texts[protocol.keys.index("6")]
    base = [BaseProvision(k, t) for k, t in zip(protocol.keys, protocol.texts, strict=True)]
    new = [
        NewProvision(k, amnesty if k == "5" else t)
        for k, t in zip(measures.keys, measures.texts, strict=True)
    ]
    gold = gold_links(protocol, measures)
    assert {("4", "9"), ("3", "11"), ("5", "6"), ("11", "8")} <= gold
    assert link_pairs(align(base, new)) == gold


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "reported"])
def test_moved_points_of_a_reordered_text_are_paired_by_their_best_wording(numbered):
    # The tarn transit agreement restated in a new order: "open to freight day and night,
    # except in the winter months" became point 3, "freight may use the route around the
    # clock, save when snowfall makes it impassable", and "ten years, renewed unless a
    # party gives notice" point 9, "a decade, continuing for further periods".
    # Paragraphs of a text known from reports are not its points: no pairing by wording
    # there, but a figure both state and no other paragraph does ("ten years" and "a
    # decade") still links them.
    plans = load_plans(INVENTED_DIR)
    first, signed = plans["tarn-transit"], plans["tarn-transit-signed"]

    def key(label, position):
        return label if numbered else f"#{position}"

    base = [BaseProvision(key(k, n), first.texts[n - 1]) for n, k in enumerate(first.keys, 1)]
    new = [NewProvision(key(k, n), signed.texts[n - 1]) for n, k in enumerate(signed.keys, 1)]
    winter, decade = (key("4", 4), key("3", 3)), (key("8", 8), key("9", 9))
    pairs = link_pairs(align(base, new))
    assert decade in pairs
    assert (winter in pairs) is numbered


def test_scores_are_in_the_unit_interval_and_rounded():
    new = {
        "1": CEASEFIRE["1"],
        "2": CEASEFIRE["3"] + " It shall meet weekly.",
        "3": "Prisoners shall be exchanged within 30 days.",
        "4": "The Red Cross shall visit every place of detention.",
        "5": "Elections shall be held.",
    }
    result = align(base_of(CEASEFIRE), new_of(new), threshold=0.0)
    assert result.links
    for link in result.links:
        assert 0.0 <= link.score <= 1.0
        assert link.score == round(link.score, 2)


def test_empty_inputs():
    assert align([], []) == Alignment(links=[], added=[], dropped=[])
    assert align(base_of(CEASEFIRE), []).dropped == list(CEASEFIRE)
    assert align([], new_of(CEASEFIRE)).added == list(CEASEFIRE)


def test_duplicate_texts_pair_up_in_order():
    base = [BaseProvision(str(k), "Deleted.") for k in range(1, 4)]
    new = [NewProvision(f"#{k}", "Deleted.") for k in range(1, 4)]
    assert link_pairs(align(base, new)) == {("1", "#1"), ("2", "#2"), ("3", "#3")}


def test_a_hundred_reversed_and_amended_points_all_link_back():
    def word(n: int) -> str:  # letters only: the tokeniser splits words at digits
        return "w" + "".join(chr(ord("a") + int(digit)) for digit in str(n))

    # Neighbouring points share most of their 40 common words; five own words each tell
    # them apart.
    base = [
        BaseProvision(
            str(k),
            " ".join(
                [word((k * 7 + m) % 400) for m in range(40)]
                + [word(1000 + 5 * k + m) for m in range(5)]
            ),
        )
        for k in range(100)
    ]
    new = [NewProvision(str(k), p.text + " amended") for k, p in enumerate(reversed(base))]
    result = align(base, new)
    assert link_pairs(result) == {(str(k), str(99 - k)) for k in range(100)}


def test_a_point_split_while_one_piece_merges_with_another_point_links_many_to_many():
    base = {
        "1": "A Sovereign Council of eleven members shall head the state for the transition.",
        "2": "The civilian coalition shall nominate a Prime Minister, who shall be appointed "
        "by the Sovereign Council.",
        "3": "The Prime Minister shall form a Cabinet of no more than twenty ministers chosen "
        "for their competence, except the ministers of defence and interior, who shall be "
        "nominated by the military members of the Sovereign Council.",
        "4": "A Legislative Council of 300 members shall be formed within 90 days.",
    }
    new = {
        "1": base["1"],
        "2": "The civilian coalition shall nominate a Prime Minister, who shall be appointed "
        "by the Sovereign Council and shall form a Cabinet of no more than twenty ministers "
        "chosen for their competence.",
        "3": "The ministers of defence and interior shall be nominated by the military members "
        "of the Sovereign Council and appointed by the Prime Minister.",
        "4": base["4"],
    }
    result = align(base_of(base), new_of(new))
    assert link_pairs(result) == {("1", "1"), ("2", "2"), ("3", "2"), ("3", "3"), ("4", "4")}
    assert relations(result)["3", "2"] == relations(result)["2", "2"] == "merged"


def filled(wording: list[list[float]], links: list[tuple[int, int]]) -> set[tuple[int, int]]:
    groups = _Groups(links)
    _fill_gaps(groups, wording, threshold=0.14)
    return set(groups.pairs) - set(links)


def test_points_left_between_two_links_pair_up_by_elimination_when_the_gap_is_balanced():
    # Base 1 and 2 face new 1 and 2 between the links (0, 0) and (3, 3).
    wording = [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 0.08, 0.02, 0.0],
        [0.0, 0.01, 0.09, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
    assert filled(wording, [(0, 0), (3, 3)]) == {(1, 1), (2, 2)}


def test_elimination_needs_some_wording_a_balanced_gap_and_two_links_around_it():
    weak = [[1.0, 0.0, 0.0], [0.0, 0.05, 0.0], [0.0, 0.0, 1.0]]
    assert filled(weak, [(0, 0), (2, 2)]) == set()
    unbalanced = [[1.0, 0.0, 0.0, 0.0], [0.0, 0.09, 0.09, 0.0], [0.0, 0.0, 0.0, 1.0]]
    assert filled(unbalanced, [(0, 0), (2, 3)]) == set()
    after_the_last_link = [[1.0, 0.0], [0.0, 0.09]]
    assert filled(after_the_last_link, [(0, 0)]) == set()


def test_a_single_anchor_does_not_penalise_a_restated_point_moved_across_it():
    # One unchanged point is no evidence that the order is kept: the customs point,
    # restated and moved to the front, crosses it and is still linked.
    base = [
        BaseProvision("1", "Fishing boats from both shores may use the northern bay all year."),
        BaseProvision(
            "2",
            "Customs checks shall be carried out once, at a joint post on the bridge, by "
            "officers of both states.",
        ),
    ]
    new = [
        NewProvision(
            "1",
            "A single inspection by a mixed team of customs officers at the bridge shall "
            "replace the two separate checks.",
        ),
        NewProvision("2", "Fishing boats from both shores may use the northern bay all year."),
    ]
    assert link_pairs(align(base, new)) == {("1", "2"), ("2", "1")}


def test_a_point_citing_the_same_long_title_as_the_linked_one_is_not_merged_into_it():
    # Both base points name the law; the new point continues the one on elections. The
    # other adds nothing the elections point did not already bring, so it is no merge.
    title = "the Law on the Interim Order of Local Self-Government in the Northern Districts"
    fishing = "Fishing boats from both shores may use the northern bay all year."
    customs = "Customs checks shall be carried out once, at a joint post on the bridge."
    base = [
        BaseProvision("1", fishing),
        BaseProvision("2", f"Early local elections shall be held in accordance with {title}."),
        BaseProvision("3", f"{title} shall be adopted, granting these areas a special order."),
        BaseProvision("4", customs),
    ]
    new = [
        NewProvision("1", fishing),
        NewProvision(
            "2", f"Talks shall open on how voting for local councils is held under {title}."
        ),
        NewProvision("3", customs),
    ]
    result = align(base, new)
    assert link_pairs(result) == {("1", "1"), ("2", "2"), ("4", "3")}
    assert result.dropped == ["3"]


def test_the_links_found_give_the_order_that_a_restatement_without_anchors_lacks():
    # No pair is close enough to anchor the order, so the insurance point (wording 0.11)
    # is left out at first; the links around it then pin it between its neighbours.
    base = base_of(
        {
            "1": "Merchant ships carrying grain shall have safe passage through the western "
            "corridor.",
            "2": "The parties shall not attack vessels, port installations or crews in the "
            "corridor.",
            "3": "Mines near the entrance of the bay shall be swept by a navy of a neutral state.",
            "4": "Insurance for the ships shall be underwritten by a fund of the guarantor states.",
            "5": "A joint centre in the capital shall coordinate the sailings.",
        }
    )
    new = new_of(
        {
            "1": "Grain carriers shall sail safely along the western corridor.",
            "2": "Neither side shall strike ships, harbour facilities or seamen using the "
            "corridor.",
            "3": "Explosive devices at the mouth of the bay shall be cleared by a neutral fleet.",
            "4": "Cover against war risks shall be paid by the states standing surety for the "
            "ships.",
            "5": "Fishing fleets shall keep out of the corridor.",
            "6": "A common centre in the capital shall schedule the voyages.",
        }
    )
    result = align(base, new)
    assert link_pairs(result) == {("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "6")}
    assert result.added == ["5"]


def test_a_link_says_what_the_two_texts_share_concepts_and_quantities_first():
    base = [
        BaseProvision("1", "An immediate ceasefire shall be observed along the line of contact."),
        BaseProvision("2", "Prisoners shall be exchanged within 120 days of signature."),
    ]
    new = [
        NewProvision("1", "Both sides shall observe a halt to firing along the contact line."),
        NewProvision("2", "All captives shall be swapped within four months of signing."),
    ]
    shared = {link.new: link.shared for link in align(base, new).links}
    assert shared["1"][:2] == ("ceasefire", "contact line")
    assert set(shared["2"][:2]) == {"captives", "4 months"}
    # A word is reported as the new text writes it, and not again inside a concept.
    assert "contact" not in shared["1"]
    words = [term for term in shared["1"] if term not in ("ceasefire", "contact line")]
    assert words and all(word in new[0].text.split() for word in words)


@pytest.mark.parametrize("figure_twice", [False, True])
def test_a_figure_only_one_provision_on_each_side_states_links_them(figure_twice):
    # "18 on-site inspections per year" restated as "teams may visit facilities ... up to
    # eighteen times in a year": wording 0.08, the figure the only rare term in common.
    plans = load_plans(INVENTED_DIR)
    draft, treaty = plans["quorn-weapons-draft"], plans["quorn-weapons-treaty"]
    base = [BaseProvision(k, t) for k, t in zip(draft.keys, draft.texts, strict=True)]
    new = [NewProvision(k, t) for k, t in zip(treaty.keys, treaty.texts, strict=True)]
    if figure_twice:  # a second new point stating the figure: no longer a sure sign
        new.append(NewProvision("99", "Up to 18 observers may attend each exercise."))
    pairs = link_pairs(align(base, new))
    assert (("3", "3") in pairs) is not figure_twice


def test_a_link_is_sure_from_the_score_that_was_always_right_or_when_the_text_is_the_same():
    assert Link("1", "1", "same", 1.0).sure
    assert Link("1", "1", "amended", SURE_SCORE).sure
    assert not Link("1", "1", "amended", SURE_SCORE - 0.01).sure
    assert not Link("1", "1", "split", 0.2).sure


def test_sure_links_were_all_right_on_the_measured_pairs():
    # The constant's claim, kept true: no link from SURE_SCORE is wrong on the invented pairs.
    plans = load_plans(INVENTED_DIR)
    wrong_sure, sure = [], 0
    for plan in plans.values():
        if not plan.based_on:
            continue
        base_plan = plans[plan.based_on]
        base = [
            BaseProvision(k, t, th)
            for k, t, th in zip(base_plan.keys, base_plan.texts, base_plan.threads, strict=True)
        ]
        new = [NewProvision(k, t) for k, t in zip(plan.keys, plan.texts, strict=True)]
        gold = gold_links(base_plan, plan)
        links = [link for link in align(base, new).links if link.sure]
        sure += len(links)
        wrong_sure += [
            (plan.slug, link.base, link.new) for link in links if (link.base, link.new) not in gold
        ]
    assert sure > 150
    assert wrong_sure == []
