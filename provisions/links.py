"""Links to pages other parts of the app build, by their URL contracts (see DESIGN.md)."""


def compare_path(version, thread=None):
    """The comparison of a version with the one it revises, at a thread's row; None if no base.

    `version.based_on` should be select_related by the caller.
    """
    if version.based_on_id is None:
        return None
    path = f"/compare/{version.based_on.slug}/{version.slug}/"
    return f"{path}#t-{thread.slug}" if thread else path
