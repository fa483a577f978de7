"""The admin: every model's pages (models.py) and "Add a draft from text" (add_from_text.py)."""

from . import models  # noqa: F401  (registers the model admins)
