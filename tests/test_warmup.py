"""plancompare.warmup: before the first request, the URL patterns are loaded and every
template of the project is compiled."""

from pathlib import Path

from django.conf import settings
from django.template import engines

from plancompare.warmup import warm_up


def test_warming_up_compiles_every_template_of_the_project():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    folder = Path(settings.BASE_DIR) / "templates"
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}

    warm_up()

    assert "provisions/compare_synoptic.html" in names
    assert names <= set(loader.get_template_cache)
