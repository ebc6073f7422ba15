"""reviewer.core stays free of Qt: no import of PySide6, shiboken6 or PyQt anywhere in it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reviewer.core

CORE = Path(reviewer.core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt4", "PyQt5", "PyQt6", "PySide2", "PySide")


def _imported_modules(path: Path) -> list[str]:
    module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def test_core_sources_are_found() -> None:
    names = {path.name for path in CORE.rglob("*.py")}
    assert {"split.py", "yamlio.py", "edit.py", "store.py", "article.py", "scan.py"} <= names


def test_no_core_module_imports_qt() -> None:
    offenders = [
        f"{path.name} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_checker_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom PySide6.QtCore import Qt\nimport shiboken6\n"
        "def f():\n    import PyQt5.QtWidgets\n    importlib.import_module('PySide6')\n",
        encoding="utf-8",
    )
    found = [n for n in _imported_modules(sample) if n.split(".")[0] in FORBIDDEN]
    assert found == ["PySide6.QtCore", "shiboken6", "PyQt5.QtWidgets", "PySide6"]


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys\n"
        "import reviewer.core\n"
        "from reviewer.core import article, dates, errors, store\n"
        "from reviewer.core.frontmatter import edit, emit, split, tree, yamlio\n"
        "from reviewer.core.folder import loading, scan\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(loaded))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""
