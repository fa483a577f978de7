"""Pure helpers of comparison.build_rows: grouping threads that share a provision into one
row, and merging the versions' orders of rows into one."""


class ThreadGroups:
    """Union-find over thread ids: threads sharing a provision end up in one group."""

    def __init__(self):
        self.parent = {}

    def add(self, thread_id):
        self.parent.setdefault(thread_id, thread_id)

    def find(self, thread_id):
        root = thread_id
        while self.parent[root] != root:
            root = self.parent[root]
        self.parent[thread_id] = root
        return root

    def join(self, thread_ids):
        for thread_id in thread_ids:
            self.add(thread_id)
        roots = {self.find(thread_id) for thread_id in thread_ids}
        if len(roots) > 1:
            keep = min(roots)
            for root in roots:
                self.parent[root] = keep


def merge_order(order, sequence):
    """Insert the keys of `sequence` not yet in `order`, each right after its predecessor
    in `sequence`, so every version's own order is kept where it does not conflict."""
    placed = set(order)
    previous = None
    for key in sequence:
        if key not in placed:
            index = order.index(previous) + 1 if previous is not None else 0
            order.insert(index, key)
            placed.add(key)
        previous = key
