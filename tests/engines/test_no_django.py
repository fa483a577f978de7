"""Every module of provisions.engines imports without loading Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from provisions import engines

REPO_ROOT = Path(__file__).resolve().parents[2]
ENGINE_MODULES = sorted(
    f"provisions.engines.{module.name}" for module in pkgutil.iter_modules(engines.__path__)
)


def test_the_engines_package_lists_its_modules():
    assert {"provisions.engines.diffing", "provisions.engines.alignment"} <= set(ENGINE_MODULES)


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_module_never_imports_django(module):
    code = f"import {module}, sys; assert 'django' not in sys.modules, 'django was imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
