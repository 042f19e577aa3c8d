"""What the frozen build bundles: data files, excluded modules, the Qt files kept, version info.

Plain Python (no PyInstaller import) so build.spec and tests/desktop/test_build_spec.py share it.
This folder has no __init__.py on purpose: a package named `packaging` would shadow the PyPI one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parents[1]
GUI_NAME = "SchoolRoll"
"""The GUI executable, and the name of the one-folder build."""
CLI_NAME = "schoolroll-cli"
"""The console twin: the command line and the smoke test (a GUI exe has no stdout)."""
ICON = "desktop/resources/app.ico"
ENTRY_GUI = "packaging/entry_gui.py"
ENTRY_CLI = "packaging/entry_cli.py"

EXPLICIT_DATAS = (
    ("templates_xlsx", "templates_xlsx"),
    ("core/default_policy.toml", "core"),
    ("desktop/resources", "desktop/resources"),
    ("docs/rules.md", "docs"),
)
"""(source, folder in the bundle): what resource_path() and importlib.resources look up."""

_EXCLUDED = """
    tkinter _tkinter matplotlib scipy pyarrow PIL IPython jedi
    pytest _pytest pytestqt hypothesis importlinter grimp ruff
    setuptools pkg_resources distutils pip numpy.f2py pandas.tests
    PySide6.QtNetwork PySide6.QtSql PySide6.QtTest PySide6.QtQml PySide6.QtQuick
    PySide6.QtOpenGL PySide6.QtOpenGLWidgets PySide6.QtConcurrent PySide6.QtUiTools
    PySide6.QtXml PySide6.QtDesigner PySide6.QtHelp PySide6.QtSvgWidgets
    PySide6.QtPrintSupport PySide6.QtDBus
"""
EXCLUDES = tuple(_EXCLUDED.split())
"""Modules the app never imports that hooks or optional imports would drag in."""

QT_PLUGINS = {
    "platforms": {"qwindows", "qoffscreen", "qminimal", "qxcb"},
    "styles": None,
    "imageformats": {"qico", "qsvg"},
    "iconengines": None,
    "platforminputcontexts": None,
}
"""Qt plugin folders kept, each with the plugin names kept (None: all of them)."""
QT_TRANSLATIONS = {"qt_zh_CN.qm", "qtbase_zh_CN.qm"}
"""Standard dialogs and buttons in Chinese; the other 7 MB of translations are dropped."""


PYTHON_OPTIONS = (("X utf8", None, "OPTION"),)
"""Interpreter options of both executables: UTF-8 mode as in the tests, whatever the system code
page (cp936 on Chinese Windows). The frozen program ignores PYTHONUTF8."""


def _pyproject(root: Path) -> dict:
    with (root / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def project_version(root: Path = ROOT) -> str:
    """The version in pyproject.toml: one number for the exe, the installer and its name."""
    return _pyproject(root)["project"]["version"]


def package_data(root: Path = ROOT) -> list[tuple[str, str]]:
    """pyproject's package-data as (file, folder) pairs, relative to root."""
    declared = _pyproject(root)["tool"]["setuptools"].get("package-data", {})
    return [
        (f.relative_to(root).as_posix(), f.parent.relative_to(root).as_posix())
        for package, patterns in declared.items()
        for pattern in patterns
        for f in sorted((root / package).glob(pattern))
        if f.is_file()
    ]


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(absolute source, bundle folder) pairs: the explicit resources and the package data."""
    folders = [src for src, _ in EXPLICIT_DATAS if (root / src).is_dir()]
    extra = [p for p in package_data(root) if not any(p[0].startswith(f"{f}/") for f in folders)]
    pairs = dict.fromkeys([*EXPLICIT_DATAS, *extra])
    return [(str(root / src), dest) for src, dest in pairs]


def _plugin_name(file_name: str) -> str:
    stem = file_name.split(".")[0]
    return stem.removeprefix("lib")


def keep_qt_file(dest: str) -> bool:
    """Whether a bundled file (destination path) survives the Qt pruning."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "PySide6" not in parts:
        return True
    if "translations" in parts:
        return parts[-1] in QT_TRANSLATIONS
    if "plugins" in parts:
        category = parts[parts.index("plugins") + 1]
        if category not in QT_PLUGINS:
            return False
        names = QT_PLUGINS[category]
        return names is None or _plugin_name(parts[-1]) in names
    return True


_PYTHON_LIBRARY = re.compile(r"(lib)?python3", re.IGNORECASE)


def _is_root(entry: tuple[str, str, str]) -> bool:
    """Binaries something loads by path: extension modules, Qt plugins, the Python library."""
    dest, _src, typecode = entry
    parts = PurePath(dest.replace("\\", "/")).parts
    return typecode == "EXTENSION" or "plugins" in parts or bool(_PYTHON_LIBRARY.match(parts[-1]))


def needed_binaries(
    binaries: list[tuple[str, str, str]], imports_of: Callable[[str], Iterable[str]]
) -> list[tuple[str, str, str]]:
    """The binaries (TOC entries) reachable from the roots through what each one links to.

    The hooks also collect what pruned Qt plugins and Qt modules link to (GTK, Wayland, EGLFS,
    QtNetwork and Kerberos on Linux; on Windows opengl32sw.dll, which nothing links to).
    imports_of(source path) names the libraries one binary links to.
    """
    by_name = {PurePath(e[0].replace("\\", "/")).name.casefold(): e for e in binaries}
    kept: set[str] = set()
    todo = [e for e in binaries if _is_root(e)]
    while todo:
        entry = todo.pop()
        if entry[0] in kept:
            continue
        kept.add(entry[0])
        for name in imports_of(entry[1]):
            linked = by_name.get(PurePath(name.replace("\\", "/")).name.casefold())
            if linked is not None:
                todo.append(linked)
    return [e for e in binaries if e[0] in kept]


def without_dangling_links(
    datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """datas without the SYMLINK entries that point at a binary needed_binaries() left out."""
    kept = {dest for dest, _src, _type in binaries}
    return [e for e in datas if e[2] != "SYMLINK" or e[1] in kept]


def linked_libraries(path: str) -> list[str]:
    """The shared libraries one binary links to (PyInstaller's own ldd / pefile reading)."""
    from PyInstaller.depend import bindepend

    return [name for name, _ in bindepend.get_imports(path)]


def version_info_text(version: str, exe_name: str) -> str:
    """A PyInstaller version-info file (the Windows VERSIONINFO resource) of one executable."""
    numbers = [int(x) for x in version.split(".")[:4]]
    quad = tuple(numbers + [0] * (4 - len(numbers)))
    strings = {
        "CompanyName": "SchoolRoll",
        "FileDescription": "控辍保学台账助手",
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": "SchoolRoll",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": "控辍保学台账助手",
        "ProductVersion": version,
    }
    items = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={quad}, prodvers={quad}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
          {items}])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
