"""The packaging helpers and desktop-integration files, without building anything."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
DESKTOP = LINUX / "reviewer.desktop"
METAINFO = LINUX / "io.github.reviewer.metainfo.xml"


def load_tools() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "packaging_tools", ROOT / "packaging" / "tools.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tools = load_tools()


def test_version_comes_from_pyproject_and_matches_the_code() -> None:
    import reviewer

    assert tools.project_version(ROOT / "pyproject.toml") == reviewer.__version__


def test_version_is_read_from_the_project_table_only(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.x]\nversion = "9"\n[project]\nname = "a"\nversion = "1.2rc1"\n')
    assert tools.project_version(pyproject) == "1.2rc1"
    pyproject.write_text('[project]\nname = "a"\n[tool.x]\nversion = "9"\n')
    with pytest.raises(SystemExit):
        tools.project_version(pyproject)


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="needs dpkg --compare-versions")
def test_depends_merge_keeps_the_highest_version_of_each_package() -> None:
    merged = tools.merge_depends(
        [
            "shlibs:Depends=libc6 (>= 2.14), zlib1g (>= 1:1.1.4)",
            "shlibs:Depends=libc6 (>= 2.35), libx11-6, zlib1g",
            "shlibs:Depends=libstdc++6 (>= 11), libc6 (>= 2.4), libx11-6 (>= 2:1.8)",
        ]
    )
    assert merged == "libc6 (>= 2.35), libstdc++6 (>= 11), libx11-6 (>= 2:1.8), zlib1g (>= 1:1.1.4)"


def test_depends_merge_refuses_what_it_cannot_read() -> None:
    with pytest.raises(SystemExit):
        tools.merge_depends(["shlibs:Depends=a | b"])


def test_icons_render_every_hicolor_size(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtGui import QImage

    # qapp: the session's QApplication, which the renderer then uses (it would otherwise make
    # a QGuiApplication, on which later widget tests could not run).

    tools.icons(ROOT / "resources" / "icons" / "reviewer.svg", tmp_path, [16, 48, 256])
    for size in (16, 48, 256):
        image = QImage(str(tmp_path / f"{size}x{size}" / "apps" / "reviewer.png"))
        assert (image.width(), image.height()) == (size, size)
        # Drawn, not blank: the corner is transparent, the middle is not.
        assert image.pixelColor(0, 0).alpha() == 0
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_elf_files_finds_only_elf(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    shutil.copyfile(sys.executable, tmp_path / "lib" / "python")
    (tmp_path / "text.so").write_text("not ELF")
    found = tools.elf_files(tmp_path)
    if sys.platform.startswith("linux"):
        assert found == [tmp_path / "lib" / "python"]
    else:
        assert found == []


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_metainfo_is_valid_and_names_the_desktop_file_and_version() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    text = METAINFO.read_text(encoding="utf-8")
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in text


def test_the_desktop_file_names_the_installed_command_and_icon() -> None:
    entries = dict(
        line.split("=", 1)
        for line in DESKTOP.read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert entries["Exec"].split()[0] == "reviewer"
    assert entries["Icon"] == "reviewer"
    assert (ROOT / "resources" / "icons" / f"{entries['Icon']}.svg").is_file()
