"""Generate a synthetic data set in the import format: N versions of M provisions, by seed.

Each version revises the one before it: most provisions keep their text, some are edited
word by word, a few are dropped (recorded under `dropped:` with a citation) and a few are
added under new threads; some carry party positions, a status or no number. Sources, threads
and commentary claims (about provisions and about drops) come with it. The same arguments
always give the same files.

Usage, from the repository root:

    python -m benchmarks.corpus --versions 40 --provisions 150 [--seed 1] OUT_DIR

then `python manage.py import_plans OUT_DIR`. Needs no Django: only PyYAML.
"""

import argparse
import datetime
import random
from pathlib import Path

import yaml

THEMES = (
    "sovereignty", "non-aggression", "nato", "security-guarantees", "military", "territory",
    "economy", "sanctions", "frozen-assets", "humanitarian", "elections-governance", "nuclear",
    "accountability", "energy", "implementation",
)  # fmt: skip
PARTIES = ("Northland", "Southland", "Eastern League", "Western Union", "Mediators")
SOURCE_KINDS = ("full-text", "report", "analysis", "official-statement")
WORDS = (
    "the", "parties", "shall", "agree", "to", "withdraw", "forces", "from", "zone", "line",
    "within", "days", "after", "signature", "of", "this", "framework", "and", "guarantee", "free",
    "passage", "for", "civilians", "under", "joint", "monitoring", "by", "an", "international",
    "commission", "which", "reports", "every", "month", "on", "compliance", "with", "ceasefire",
    "terms", "including", "prisoner", "exchanges", "reconstruction", "funds", "sanctions",
    "relief", "border", "crossings", "elections", "referendum", "observers", "energy", "supply",
    "grain", "corridor", "nuclear", "plant", "safety",
)  # fmt: skip
CARRIED_OVER = ("threads", "themes", "text", "status", "positions")
EDIT_SHARE, DROP_SHARE, ADD_SHARE = 0.15, 0.03, 0.03

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Corpus:
    def __init__(self, versions, provisions, seed):
        self.random = random.Random(seed)
        self.versions = versions
        self.provisions = provisions
        self.sources = [self.source(index) for index in range(1, versions * 3 + 21)]
        self.threads = []
        self.plans = []
        self.claims = []

    def words(self, low, high):
        return " ".join(self.random.choice(WORDS) for _ in range(self.random.randint(low, high)))

    def sentence(self, low=30, high=70):
        return self.words(low, high).capitalize() + "."

    def source(self, index):
        return {
            "id": f"source-{index:04d}",
            "title": self.words(4, 9).capitalize(),
            "publisher": f"Publisher {index % 17}",
            "author": f"Author {index % 23}" if index % 3 else None,
            "url": f"https://example.org/articles/{index}",
            "published": (datetime.date(2030, 1, 1) + datetime.timedelta(days=index)).isoformat(),
            "kind": SOURCE_KINDS[index % len(SOURCE_KINDS)],
            "language": "en",
            "note": self.sentence(5, 15) if index % 4 == 0 else None,
        }

    def citations(self, low=1, high=2):
        chosen = self.random.sample(self.sources, self.random.randint(low, high))
        return [
            {"source": s["id"], "note": self.words(3, 8)} if self.random.random() < 0.3 else
            {"source": s["id"]}
            for s in chosen
        ]  # fmt: skip

    def new_thread(self):
        slug = f"subject-{len(self.threads) + 1:05d}"
        themes = self.random.sample(THEMES, self.random.randint(1, 2))
        self.threads.append(
            {
                "slug": slug,
                "title": self.words(3, 7).capitalize(),
                "themes": themes,
                "description": self.sentence(8, 20),
            }
        )
        return slug, themes

    def new_provision(self):
        thread, themes = self.new_thread()
        provision = {"threads": [thread], "themes": themes, "text": self.sentence()}
        if self.random.random() < 0.1:
            provision["status"] = self.random.choice(["agreed", "bracketed", "disputed"])
        if self.random.random() < 0.05 or len(self.threads) == 1:
            provision["positions"] = [
                {"party": party, "position": self.sentence(6, 14)}
                for party in self.random.sample(PARTIES, 2)
            ]
        return provision

    def edited(self, text):
        words = text.rstrip(".").split()
        for _ in range(self.random.randint(1, 4)):
            spot = self.random.randrange(len(words))
            action = self.random.choice(("replace", "insert", "delete"))
            if action == "replace":
                words[spot] = self.random.choice(WORDS)
            elif action == "insert":
                words.insert(spot, self.random.choice(WORDS))
            elif len(words) > 5:
                del words[spot]
        return " ".join(words).capitalize() + "."

    def drop(self, provision):
        return {
            "thread": provision["threads"][0],
            "note": self.words(4, 10),
            "citations": self.citations(1, 1),
        }

    def revise(self, previous):
        """The next version's provisions (without numbers or citations) and its drops."""
        kept, dropped = [], []
        for provision in previous:
            if self.random.random() < DROP_SHARE:
                dropped.append(self.drop(provision))
                continue
            provision = {key: value for key, value in provision.items() if key in CARRIED_OVER}
            if self.random.random() < EDIT_SHARE:
                provision["text"] = self.edited(provision["text"])
            kept.append(provision)
        if not dropped:  # every revision drops something
            dropped.append(self.drop(kept.pop(self.random.randrange(len(kept)))))
        while len(kept) < self.provisions or self.random.random() < ADD_SHARE * 10:
            kept.insert(self.random.randint(0, len(kept)), self.new_provision())
            if len(kept) >= self.provisions * 1.05:
                break
        return kept, dropped

    def plan(self, index, provisions, dropped):
        slug = f"draft-{index:03d}"
        for position, provision in enumerate(provisions, start=1):
            provision["number"] = None if position % 25 == 0 else str(position)
            provision["citations"] = self.citations()
        return {
            "version": {
                "slug": slug,
                "title": f"Draft {index} of the framework agreement",
                "short_name": f"Draft {index}",
                "drafted_by": self.random.sample(PARTIES, 2),
                "published": (
                    datetime.date(2030, 1, 1) + datetime.timedelta(days=7 * index)
                ).isoformat(),
                "stage": "proposal" if index == 1 else "negotiated-draft",
                "based_on": f"draft-{index - 1:03d}" if index > 1 else None,
                "text_basis": "paraphrase",
                "summary": self.sentence(20, 40),
                "sources": [s["id"] for s in self.random.sample(self.sources, 2)],
                **({"dropped": dropped} if dropped else {}),
            },
            "provisions": [
                {
                    key: p[key]
                    for key in (
                        "number",
                        "threads",
                        "themes",
                        "text",
                        "status",
                        "positions",
                        "citations",
                    )
                    if key in p
                }
                for p in provisions
            ],  # fmt: skip
        }

    def claim(self, index):
        plan = self.random.choice(self.plans[1:] or self.plans)
        slug = plan["version"]["slug"]
        dropped = plan["version"].get("dropped")
        if dropped and index % 3 == 0:
            ref = {"plan": slug, "thread": self.random.choice(dropped)["thread"]}
        else:
            numbered = [p["number"] for p in plan["provisions"] if p["number"]]
            ref = {"plan": slug, "number": self.random.choice(numbered)}
        return {
            "source": self.random.choice(self.sources)["id"],
            "provision_refs": [ref],
            "claim": self.sentence(10, 25),
            "accuracy": self.random.choice(["consistent", "contradicts-text", "unclear"]),
        }

    def build(self):
        provisions = [self.new_provision() for _ in range(self.provisions)]
        self.plans.append(self.plan(1, provisions, []))
        for index in range(2, self.versions + 1):
            provisions, dropped = self.revise(self.plans[-1]["provisions"])
            self.plans.append(self.plan(index, provisions, dropped))
        self.claims = [self.claim(index) for index in range(self.versions * 2)]
        return self


def write_corpus(out_dir, versions=40, provisions=150, seed=1):
    """Write the corpus under `out_dir` (plans/, threads.yaml, sources.yaml, commentary.yaml)."""
    corpus = Corpus(versions, provisions, seed).build()
    out = Path(out_dir)
    (out / "plans").mkdir(parents=True, exist_ok=True)

    def dump(path, data):
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(data, stream, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)

    for plan in corpus.plans:
        dump(out / "plans" / f"{plan['version']['slug']}.yaml", plan)
    dump(out / "threads.yaml", corpus.threads)
    dump(out / "sources.yaml", corpus.sources)
    dump(out / "commentary.yaml", corpus.claims)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder to write (created if missing)")
    parser.add_argument("--versions", type=int, default=40)
    parser.add_argument("--provisions", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = write_corpus(args.out_dir, args.versions, args.provisions, args.seed)
    print(f"wrote {args.versions} versions x {args.provisions} provisions to {out}")


if __name__ == "__main__":
    main()
