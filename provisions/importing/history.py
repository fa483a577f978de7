"""Record what an import wrote in the edit history: one record per created or updated row.

Bulk writes send no model signals, so django-simple-history sees nothing of them; this
writes the records itself, after every row and link of the run is in place: a '+' record
for each created row and a '~' record for each updated one (in its fields, its links or
its citations), each with the row's many-to-many links as the run leaves them, the change
reason REASON and no user. Deletions go through the signals, which write their '-' records;
`label_deletions` then gives those records the same reason.
"""

from django.utils import timezone

from .bulk import chunked, insert_rows

REASON = "import_plans"
HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def record_history(tables):
    date = timezone.now()
    for table in tables:
        for rows, history_type in ((table.created, "+"), (table.changed_rows(), "~")):
            if rows:
                write_records(table.model, rows, history_type, date)


def write_records(model, rows, history_type, date):
    history_model = model.history.model
    tracked = [field.attname for field in history_model.tracked_fields]
    insert_rows(
        history_model,
        (*tracked, *HISTORY_FIELDS),
        [
            (*(getattr(row, name) for name in tracked), date, REASON, history_type, None)
            for row in rows
        ],
    )
    if history_model._history_m2m_fields:
        record_ids = dict(
            history_model.objects.filter(history_date=date, history_type=history_type).values_list(
                "id", "history_id"
            )
        )
        for field in history_model._history_m2m_fields:
            write_links(history_model, field, [row.pk for row in rows], record_ids)


def write_links(history_model, field, owner_ids, record_ids):
    """Copy the links of `field` of the rows `owner_ids` to their history records."""
    through = field.remote_field.through
    owner = field.m2m_field_name() + "_id"
    target = field.m2m_reverse_field_name() + "_id"
    links = []
    for ids in chunked(owner_ids):
        links += through.objects.filter(**{f"{owner}__in": ids}).values_list("id", owner, target)
    insert_rows(
        getattr(history_model, field.name).model,
        ("id", owner, target, "history_id"),
        [(pk, owner_id, target_id, record_ids[owner_id]) for pk, owner_id, target_id in links],
    )


def label_deletions(tables, since):
    """Give the '-' records this run's deletions wrote through the signals the reason REASON."""
    for model in {table.model for table in tables}:
        model.history.filter(
            history_type="-", history_date__gte=since, history_user__isnull=True
        ).exclude(history_change_reason=REASON).update(history_change_reason=REASON)
