"""PostgreSQL's search index: a stored weighted vector per provision, and the texts' vocabulary.

Both are kept current by triggers in the transaction of every write, however it is made:

- `provisions_provision.search_vector`: the titles of the provision's threads (weight A) and
  its text (weight B), English configuration, with a GIN index. Recomputed when the text
  changes, when thread links are added or removed, and when a thread's title changes.
- `provisions_searchword`: every word (PostgreSQL's 'simple' parser, unstemmed) of the
  provision texts and thread titles, with the number of texts holding it, and a trigram
  index for spelling corrections. Counted up and down per statement from the rows it
  touched, never rebuilt over the whole corpus.

The column and the table exist only on PostgreSQL and are invisible to the ORM: the search
reads them through SQL (provisions/search.py), so no other query ever loads a vector.
"""

VECTOR_COLUMN = '"provisions_provision"."search_vector"'
VOCABULARY_TABLE = "provisions_searchword"

_VECTOR = """
CREATE OR REPLACE FUNCTION provisions_search_vector(provision bigint, body text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce((
        SELECT string_agg(thread.title, ' ' ORDER BY thread.id)
        FROM provisions_thread thread
        JOIN provisions_provision_threads link ON link.thread_id = thread.id
        WHERE link.provision_id = provision), '')), 'A')
    || setweight(to_tsvector('english', coalesce(body, '')), 'B')
$$;

ALTER TABLE provisions_provision ADD COLUMN IF NOT EXISTS search_vector tsvector;
CREATE INDEX IF NOT EXISTS provisions_provision_search_vector
    ON provisions_provision USING gin (search_vector);

CREATE OR REPLACE FUNCTION provisions_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := provisions_search_vector(NEW.id, NEW.text);
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER provisions_provision__search BEFORE INSERT OR UPDATE OF text
    ON provisions_provision FOR EACH ROW EXECUTE FUNCTION provisions_search_row();

CREATE OR REPLACE FUNCTION provisions_search_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE provisions_provision SET search_vector = provisions_search_vector(id, text)
    WHERE id IN (SELECT provision_id FROM changed_rows);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION provisions_search_titles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE provisions_provision SET search_vector = provisions_search_vector(id, text)
    WHERE id IN (
        SELECT link.provision_id FROM provisions_provision_threads link
        JOIN old_rows ON old_rows.id = link.thread_id
        JOIN new_rows ON new_rows.id = old_rows.id
        WHERE new_rows.title IS DISTINCT FROM old_rows.title
    );
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER provisions_thread__search AFTER UPDATE ON provisions_thread
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION provisions_search_titles();
"""

_LINK_TRIGGERS = [
    ("insert", "INSERT", "NEW"),
    ("delete", "DELETE", "OLD"),
    ("update_old", "UPDATE", "OLD"),
    ("update_new", "UPDATE", "NEW"),
]

_VOCABULARY = """
CREATE TABLE IF NOT EXISTS provisions_searchword (
    word text PRIMARY KEY,
    documents integer NOT NULL
);
CREATE INDEX IF NOT EXISTS provisions_searchword_trigram
    ON provisions_searchword USING gin (word gin_trgm_ops);

-- Add (sign 1) or take away (sign -1) the words of some texts.
CREATE OR REPLACE FUNCTION provisions_count_words(texts text[], sign integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO provisions_searchword AS kept (word, documents)
    SELECT word, sign * count(*)
    FROM unnest(texts) AS body, unnest(tsvector_to_array(to_tsvector('simple', body))) AS word
    GROUP BY word
    ON CONFLICT (word) DO UPDATE SET documents = kept.documents + excluded.documents;
    DELETE FROM provisions_searchword WHERE sign < 0 AND documents <= 0;
$$;

"""

# The texts whose words make the vocabulary: (table, column).
_WORD_SOURCES = [("provisions_provision", "text"), ("provisions_thread", "title")]

# From scratch: after a TRUNCATE (tests flushing the database) and at installation.
_RECOUNT = """
CREATE OR REPLACE FUNCTION provisions_recount_words_now() RETURNS void LANGUAGE sql AS $$
    DELETE FROM provisions_searchword;
    SELECT provisions_count_words(ARRAY(SELECT text FROM provisions_provision), 1);
    SELECT provisions_count_words(ARRAY(SELECT title FROM provisions_thread), 1);
$$;
CREATE OR REPLACE FUNCTION provisions_recount_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM provisions_recount_words_now();
    RETURN NULL;
END $$;
"""


def _word_triggers(table, column):
    """Statements counting the words of one column in and out as its rows change."""
    changed = f"""
        CREATE OR REPLACE FUNCTION {table}__words_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM provisions_count_words(ARRAY(
                SELECT old_rows.{column} FROM old_rows JOIN new_rows USING (id)
                WHERE old_rows.{column} IS DISTINCT FROM new_rows.{column}), -1);
            PERFORM provisions_count_words(ARRAY(
                SELECT new_rows.{column} FROM old_rows JOIN new_rows USING (id)
                WHERE old_rows.{column} IS DISTINCT FROM new_rows.{column}), 1);
            RETURN NULL;
        END $$"""
    yield changed
    yield (
        f"CREATE OR REPLACE TRIGGER {table}__words_update AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {table}__words_changed()"
    )
    for event, rows, sign in (("insert", "NEW", 1), ("delete", "OLD", -1)):
        yield f"""
            CREATE OR REPLACE FUNCTION {table}__words_{event}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM provisions_count_words(ARRAY(SELECT {column} FROM changed_rows), {sign});
                RETURN NULL;
            END $$"""
        yield (
            f"CREATE OR REPLACE TRIGGER {table}__words_{event} AFTER {event.upper()} ON {table} "
            f"REFERENCING {rows} TABLE AS changed_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {table}__words_{event}()"
        )


def install(connection):
    """Create (or bring up to date) the column, the vocabulary and their triggers."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_VECTOR)
        for name, event, rows in _LINK_TRIGGERS:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER provisions_provision_threads__search_{name} "
                f"AFTER {event} ON provisions_provision_threads "
                f"REFERENCING {rows} TABLE AS changed_rows FOR EACH STATEMENT "
                "EXECUTE FUNCTION provisions_search_links()"
            )
        cursor.execute(_VOCABULARY)
        cursor.execute(_RECOUNT)
        for table, column in _WORD_SOURCES:
            for statement in _word_triggers(table, column):
                cursor.execute(statement)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {table}__words_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION provisions_recount_words()"
            )
        # What was written before the triggers existed.
        cursor.execute(
            "UPDATE provisions_provision SET search_vector = provisions_search_vector(id, text)"
        )
        cursor.execute("SELECT provisions_recount_words_now()")


def uninstall(connection):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS provisions_searchword; "
            "ALTER TABLE provisions_provision DROP COLUMN IF EXISTS search_vector; "
            "DROP FUNCTION IF EXISTS provisions_search_vector(bigint, text) CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_search_row() CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_search_links() CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_search_titles() CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_count_words(text[], integer) CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_recount_words() CASCADE; "
            "DROP FUNCTION IF EXISTS provisions_recount_words_now() CASCADE"
        )
        for table, _column in _WORD_SOURCES:
            for event in ("insert", "delete", "changed"):
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}__words_{event}() CASCADE")
