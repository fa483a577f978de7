"""Bulk upserts for the writer: existing rows loaded in one query, changes written in a few.

Each helper is filled in memory (`upsert`, `link`, `replace`) and then written by `save()`;
the outcome of every call ('created' | 'updated' | 'unchanged', or whether a list changed)
is known before anything is written, so the run's report stays exact.
"""

from collections import defaultdict

from django.db import connection


class Table:
    """The rows of one model that a run may touch, by key; new and changed rows in bulk."""

    def __init__(self, queryset, key):
        self.model = queryset.model
        self.rows = {}
        for row in queryset:
            self.rows.setdefault(key(row), row)
        self.created = []
        self.new = set()
        self.updated = {}
        self.touched = {}
        self.changed_fields = set()

    def upsert(self, key, values):
        """Create or update the row under `key`; returns (row, outcome)."""
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = self.model(**values)
            self.created.append(row)
            self.new.add(id(row))
            return row, "created"
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if not changed:
            return row, "unchanged"
        if id(row) not in self.new:
            self.updated[row.pk] = row
            self.changed_fields.update(changed)
        return row, "updated"

    def touch(self, row):
        """Count a row whose links or children changed as updated, for its history."""
        if id(row) not in self.new:
            self.touched[row.pk] = row

    def changed_rows(self):
        """The existing rows that the run updated, in their fields or their links."""
        return list({**self.touched, **self.updated}.values())

    def stale(self, kept):
        """The loaded rows that no upsert asked for."""
        kept = {id(row) for row in kept}
        return [row for row in self.rows.values() if row.pk is not None and id(row) not in kept]

    def save(self):
        self.model.objects.bulk_create(self.created)
        if self.changed_fields:
            self.model.objects.bulk_update(list(self.updated.values()), sorted(self.changed_fields))


class Links:
    """One many-to-many field of the rows a run writes: the set each owner links to."""

    def __init__(self, field, **owner_filter):
        self.through = field.remote_field.through
        self.owner = field.m2m_field_name() + "_id"
        self.target = field.m2m_reverse_field_name() + "_id"
        self.current = defaultdict(set)
        for owner, target in self.through.objects.filter(**owner_filter).values_list(
            self.owner, self.target
        ):
            self.current[owner].add(target)
        self.replaced = {}

    def link(self, owner_id, target_ids):
        """Make `owner_id` link to exactly `target_ids`; returns whether that changes anything."""
        wanted = set(target_ids)
        if self.current.get(owner_id, set()) == wanted:
            return False
        self.replaced[owner_id] = wanted
        return True

    def save(self):
        for owners in chunked(owner for owner in self.replaced if self.current.get(owner)):
            self.through.objects.filter(**{f"{self.owner}__in": owners}).delete()
        insert_rows(
            self.through,
            (self.owner, self.target),
            [(owner, target) for owner, targets in self.replaced.items() for target in targets],
        )


class Children:
    """Small ordered rows under an owner (citations, positions), replaced when they differ."""

    def __init__(self, queryset, owner, fields):
        self.model = queryset.model
        self.owner = owner
        self.fields = fields
        self.current = defaultdict(list)
        for row in queryset.order_by("order", "id").values_list("id", owner, *fields):
            self.current[row[1]].append(row)
        self.stale_ids = []
        self.created = []

    def changed_rows(self):
        return []  # replaced, never updated

    def replace(self, owner_id, wanted):
        """Make the rows under `owner_id` be `wanted` (tuples of `fields`); returns whether
        that changes anything."""
        current = self.current.get(owner_id, [])
        if [tuple(row[2:]) for row in current] == [tuple(row) for row in wanted]:
            return False
        self.stale_ids.extend(row[0] for row in current)
        self.created.extend(
            self.model(
                order=order, **{self.owner: owner_id}, **dict(zip(self.fields, row, strict=True))
            )
            for order, row in enumerate(wanted)
        )
        return True

    def save(self):
        for ids in chunked(self.stale_ids):
            # Deleted through the signals, so that history records each deletion.
            self.model.objects.filter(id__in=ids).delete()
        self.model.objects.bulk_create(self.created)


def chunked(values, size=2000):
    """`values` in slices small enough for any database's limit on query parameters."""
    values = list(values)
    return [values[start : start + size] for start in range(0, len(values), size)]


def insert_rows(model, attnames, rows):
    """Insert tuples of values for `attnames` into `model`'s table, many rows per statement.

    For rows nobody needs back as objects (links, history): no model instances, no signals,
    no primary keys returned, and a fraction of bulk_create's time.
    """
    fields = [model._meta.get_field(name) for name in attnames]
    prepared = [
        index
        for index, field in enumerate(fields)
        if field.get_internal_type() in {"DateField", "DateTimeField"}
    ]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, 999 // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = [list(row) for row in rows[start : start + per_statement]]
            for row in batch:
                for index in prepared:
                    row[index] = fields[index].get_db_prep_save(row[index], connection)
            params = [value for row in batch for value in row]
            cursor.execute(head + ", ".join([one_row] * len(batch)), params)
