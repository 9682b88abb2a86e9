"""The import rules of .importlinter hold: apps depend downward only (core knows no app) and no
app imports another app's views, api, crud, actions or urls. Runs import-linter itself, so a
forbidden import fails CI with the linter's own explanation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _lint_imports() -> str:
    beside_python = Path(sys.executable).parent / "lint-imports"
    found = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert found, "lint-imports (import-linter) is not installed"
    return found


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [_lint_imports(), "--no-cache", "--no-logo"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"import rules broken (see .importlinter):\n{result.stdout}\n{result.stderr}"
    assert "0 broken" in result.stdout
