"""Small build helpers for packaging/build and packaging/reviewer.spec (run with the build venv).

    python packaging/tools.py icons SVG DIR [SIZE...]   hicolor PNGs: DIR/NxN/apps/NAME.png
    python packaging/tools.py icon SVG FILE [SIZE]      one icon file: .png, .ico or .icns
    python packaging/tools.py elf DIR                   the ELF files under DIR, one a line
    python packaging/tools.py version [PYPROJECT]       the project version from pyproject.toml
    python packaging/tools.py licenses DIR              the bundled components' license files
    python packaging/tools.py depends LINE...           merge dpkg-shlibdeps -O outputs

Icons are rendered with Qt's own SVG renderer (PySide6 is in the build venv anyway), so no
rsvg or ImageMagick is needed, and the same code writes Windows' .ico and macOS' .icns.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> object:
    """The SVG drawn on a transparent ``size`` x ``size`` QImage."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"tools.py: {svg}: not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def save(image: object, path: Path) -> None:
    """Write ``image`` in the format its suffix names (Qt's image plugins: png, ico, icns)."""
    from PySide6.QtGui import QImage, QImageWriter

    assert isinstance(image, QImage)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), path.suffix[1:].encode())
    if not writer.write(image):
        raise SystemExit(f"tools.py: cannot write {path}: {writer.errorString()}")


def icons(svg: Path, folder: Path, sizes: list[int]) -> None:
    """The hicolor theme's PNG sizes of the icon, named after the SVG file."""
    for size in sizes or HICOLOR_SIZES:
        save(render(svg, size), folder / f"{size}x{size}" / "apps" / f"{svg.stem}.png")


def elf_files(folder: Path) -> list[Path]:
    """Every regular ELF file under ``folder`` (shared libraries, plugins, executables)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                if stream.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def project_version(pyproject: Path) -> str:
    """``version`` in the ``[project]`` table (no TOML parser needed for this one string)."""
    text = pyproject.read_text(encoding="utf-8")
    match = re.search(r'(?ms)^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text)
    if match is None:
        raise SystemExit(f"tools.py: no [project] version in {pyproject}")
    return match.group(1)


def runtime_distributions(name: str = "reviewer") -> list[str]:
    """The distributions ``name`` needs at run time, recursively (no extras), sorted."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        for requirement in metadata.requires(todo.pop()) or []:
            if "extra ==" in requirement:
                continue
            dist = re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]
            key = dist.lower().replace("_", "-")
            if key not in seen:
                seen.add(key)
                todo.append(dist)
    return sorted(seen)


def licenses(folder: Path) -> None:
    """Copy the license files of Python and of every runtime dependency into ``folder``."""
    python = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python.is_file():
        (folder / "Python").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(python, folder / "Python" / "LICENSE.txt")
    for name in runtime_distributions():
        dist = metadata.distribution(name)
        for file in dist.files or []:
            if re.search(
                r"(?i)\.dist-info/(licenses/.*|(licen[cs]e|copying|notice)[^/]*)$", str(file)
            ):
                target = folder / dist.metadata["Name"] / Path(str(file)).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(str(dist.locate_file(file))), target)


def merge_depends(lines: list[str]) -> str:
    """One Depends from several ``shlibs:Depends=...`` lines: each package once, at the
    highest version any line asks for (dpkg-shlibdeps runs on parts of the bundle at once)."""
    versions: dict[str, str | None] = {}
    for line in lines:
        for item in line.partition("=")[2].split(","):
            match = re.fullmatch(r"\s*([^\s(]+)(?:\s*\(>=\s*([^)]+)\))?\s*", item)
            if not match:
                if item.strip():
                    raise SystemExit(f"tools.py: cannot merge dependency {item.strip()!r}")
                continue
            name, version = match.groups()
            known = versions.get(name)
            if name not in versions or (version and (not known or newer(version, known))):
                versions[name] = version
    return ", ".join(f"{n} (>= {v})" if v else n for n, v in sorted(versions.items()))


def newer(a: str, b: str) -> bool:
    """Whether Debian version ``a`` is later than ``b``."""
    return subprocess.run(["dpkg", "--compare-versions", a, "gt", b], check=False).returncode == 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, args = argv[0], argv[1:]
    if command == "icons" and len(args) >= 2:
        icons(Path(args[0]), Path(args[1]), [int(size) for size in args[2:]])
    elif command == "icon" and len(args) in (2, 3):
        save(render(Path(args[0]), int(args[2]) if len(args) == 3 else 256), Path(args[1]))
    elif command == "elf" and len(args) == 1:
        print("\n".join(str(path) for path in elf_files(Path(args[0]))))
    elif command == "version" and len(args) <= 1:
        root = Path(__file__).resolve().parents[1]
        print(project_version(Path(args[0]) if args else root / "pyproject.toml"))
    elif command == "depends":
        print(merge_depends(args))
    elif command == "licenses" and len(args) == 1:
        licenses(Path(args[0]))
    else:
        print(f"tools.py: bad arguments: {' '.join(argv)} (see --help)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
