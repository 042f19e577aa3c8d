"""The frozen build and the installer: what build.spec bundles, prunes and names, and the NSIS
script's promises (per-user, Chinese, keeps user data). The build itself runs in
scripts/build_frozen.sh."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "installer" / "schoolroll.nsi"
sys.path.insert(0, str(ROOT / "packaging"))
import freeze_config as fc  # noqa: E402


class _Recorder:
    """Stands in for PyInstaller's spec classes and records how the spec calls them."""

    made: list[_Recorder] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        _Recorder.made.append(self)


class Analysis(_Recorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scripts = [
            ("pyiboot01_bootstrap", "x", "PYSOURCE"),
            ("pyi_rth_pyside6", "x", "PYSOURCE"),
            ("entry_gui", "g", "PYSOURCE"),
            ("entry_cli", "c", "PYSOURCE"),
        ]
        self.binaries = [(dest, f"/src/{dest}", "BINARY") for dest in LINKS]
        self.datas = [
            ("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"),
            ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
            ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
            ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ]
        self.pure = []


LINKS = {
    "PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6", "libc.so.6"],
    "PySide6/Qt/plugins/platforms/libqeglfs.so": ["libQt6EglFSDeviceIntegration.so.6"],
    "PySide6/Qt/plugins/tls/libqopensslbackend.so": ["libQt6Network.so.6"],
    "PySide6/Qt/lib/libQt6XcbQpa.so.6": [],
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6": [],
    "PySide6/Qt/lib/libQt6Network.so.6": ["libgssapi_krb5.so.2"],
    "libgssapi_krb5.so.2": [],
}
"""What each binary of the stand-in Analysis links to."""


def _fake_links(src: str) -> list[str]:
    return LINKS[src.removeprefix("/src/")]


class PYZ(_Recorder): ...


class EXE(_Recorder): ...


class COLLECT(_Recorder): ...


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    """build.spec executed against recording stand-ins: {class name: [calls]}."""
    _Recorder.made = []
    work = tmp_path_factory.mktemp("work")
    names = {
        "Analysis": Analysis,
        "PYZ": PYZ,
        "EXE": EXE,
        "COLLECT": COLLECT,
        "SPECPATH": str(ROOT),
        "workpath": str(work),
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fc, "linked_libraries", _fake_links)
        exec(compile((ROOT / "build.spec").read_text("utf-8"), "build.spec", "exec"), names)
    calls: dict[str, list[_Recorder]] = {}
    for made in _Recorder.made:
        calls.setdefault(type(made).__name__, []).append(made)
    return SimpleNamespace(calls=calls, analysis=names["a"])


def test_spec_builds_gui_and_console_twin_into_one_folder(spec):
    gui, cli = spec.calls["EXE"]
    assert (gui.kwargs["name"], gui.kwargs["console"]) == ("SchoolRoll", False)
    assert (cli.kwargs["name"], cli.kwargs["console"]) == ("schoolroll-cli", True)
    assert [s[0] for s in gui.args[1]] == ["pyiboot01_bootstrap", "pyi_rth_pyside6", "entry_gui"]
    assert [s[0] for s in cli.args[1]] == ["pyiboot01_bootstrap", "pyi_rth_pyside6", "entry_cli"]
    [coll] = spec.calls["COLLECT"]
    assert coll.args[:2] == (gui, cli)
    assert coll.kwargs == {"strip": False, "upx": False, "name": "SchoolRoll"}
    for exe in (gui, cli):
        assert (exe.kwargs["strip"], exe.kwargs["upx"], exe.kwargs["exclude_binaries"]) == (
            False,
            False,
            True,
        )
        assert Path(exe.kwargs["icon"]).is_file()


def test_spec_writes_a_version_resource_with_the_project_version(spec):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    gui, cli = spec.calls["EXE"]
    text = Path(gui.kwargs["version"]).read_text("utf-8")
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "StringStruct('OriginalFilename', 'SchoolRoll.exe')" in text
    assert "StringStruct('OriginalFilename', 'schoolroll-cli.exe')" in Path(
        cli.kwargs["version"]
    ).read_text("utf-8")


def test_spec_prunes_qt_to_the_platforms_and_translation_used_and_what_they_link_to(spec):
    assert [b[0] for b in spec.analysis.binaries] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    ]
    assert [d[0] for d in spec.analysis.datas] == [
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "libQt6XcbQpa.so.6",
    ]


def test_spec_runs_both_executables_in_utf8_mode_over_one_set_of_module_files(spec):
    [analysis] = spec.calls["Analysis"]
    assert analysis.kwargs["noarchive"] is True
    for exe in spec.calls["EXE"]:
        assert exe.args[2] == [("X utf8", None, "OPTION")]


def test_only_libraries_something_kept_links_to_stay_on_windows():
    links = {
        "python311.dll": ["VCRUNTIME140.dll"],
        "PySide6\\QtCore.pyd": ["Qt6Core.dll", "python3.dll", "KERNEL32.dll"],
        "PySide6\\plugins\\platforms\\qwindows.dll": ["Qt6Gui.dll"],
        "PySide6\\qt6core.dll": ["vcruntime140.dll", "MSVCP140.dll"],
        "PySide6\\Qt6Gui.dll": ["Qt6Core.dll"],
        "PySide6\\Qt6Network.dll": ["Qt6Core.dll"],
        "PySide6\\opengl32sw.dll": [],
        "vcruntime140.dll": [],
        "msvcp140.dll": [],
        "python3.dll": [],
    }
    binaries = [(dest, dest, "EXTENSION" if dest.endswith(".pyd") else "BINARY") for dest in links]
    kept = fc.needed_binaries(binaries, links.__getitem__)
    assert [dest for dest, _, _ in kept] == [
        "python311.dll",
        "PySide6\\QtCore.pyd",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6\\qt6core.dll",
        "PySide6\\Qt6Gui.dll",
        "vcruntime140.dll",
        "msvcp140.dll",
        "python3.dll",
    ]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\translations\\qtbase_zh_CN.qm", True),
        ("PySide6\\translations\\qt_zh_CN.qm", True),
        ("PySide6\\translations\\qtbase_ja.qm", False),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("pandas/_libs/lib.cpython-311-x86_64-linux-gnu.so", True),
    ],
)
def test_qt_pruning_on_windows_and_linux_layouts(dest, kept):
    assert fc.keep_qt_file(dest) is kept


def test_every_bundled_resource_exists(spec):
    [analysis] = spec.calls["Analysis"]
    missing = [src for src, _ in analysis.kwargs["datas"] if not Path(src).exists()]
    assert missing == []
    assert (str(ROOT / "core" / "default_policy.toml"), "core") in analysis.kwargs["datas"]
    assert (str(ROOT / "templates_xlsx"), "templates_xlsx") in analysis.kwargs["datas"]
    for entry in analysis.args[0]:
        assert Path(entry).is_file()


def _sources(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text("utf-8"))


def _resource_arguments(tree: ast.Module) -> list[str]:
    constants = {
        t.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "resource_path":
            arg = node.args[0]
            found.append(arg.value if isinstance(arg, ast.Constant) else constants.get(arg.id))
    return found


def test_every_resource_the_app_looks_up_is_bundled():
    bundled = {
        PurePosixPath(dest) / Path(src).name if Path(src).is_file() else PurePosixPath(dest)
        for src, dest in fc.datas(ROOT)
    }
    used = [r for _, tree in _sources("desktop", "ui") for r in _resource_arguments(tree)]
    assert used, "resource_path() is no longer called: update this test"
    unbundled = [
        r
        for r in used
        if not any(PurePosixPath(r) == b or b in PurePosixPath(r).parents for b in bundled)
    ]
    assert unbundled == []


def test_no_module_the_app_imports_is_excluded():
    imported = set()
    for _, tree in _sources("core", "ui", "desktop", "packaging"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module)
    clash = sorted(m for m in imported for x in fc.EXCLUDES if m == x or m.startswith(f"{x}."))
    assert clash == []


def test_qt_translation_the_app_loads_is_kept():
    text = (ROOT / "desktop" / "app.py").read_text("utf-8")
    loaded = set(re.findall(r'"(qt\w*_zh_CN)"', text))
    assert loaded
    assert {f"{name}.qm" for name in loaded} <= fc.QT_TRANSLATIONS


def test_installer_version_matches_the_project():
    nsh = (ROOT / "installer" / "version.nsh").read_text("utf-8")
    defines = dict(re.findall(r'!define (\w+) "([^"]*)"', nsh))
    version = fc.project_version(ROOT)
    assert defines == {
        "VERSION": version,
        "VERSION_QUAD": ".".join((version.split(".") + ["0"] * 4)[:4]),
    }


def test_installer_offers_both_modes_in_chinese_and_keeps_user_data():
    nsi = NSI.read_text("utf-8")
    for line in (
        "!define MULTIUSER_EXECUTIONLEVEL Standard",
        "!define MULTIUSER_INSTALLMODE_COMMANDLINE",
        "!define MULTIUSER_USE_PROGRAMFILES64",
        '!insertmacro MUI_LANGUAGE "SimpChinese"',
        "Unicode true",
        'OutFile "${OUTDIR}\\SchoolRoll-${VERSION}-setup.exe"',
        'WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString"',
        'CreateShortcut "$DESKTOP\\${APP_NAME}.lnk" "$INSTDIR\\${GUI_EXE}"',
        f'!define GUI_EXE "{fc.GUI_NAME}.exe"',
        f'!define CLI_EXE "{fc.CLI_NAME}.exe"',
        '"仅为我安装（不需要管理员权限）"',
        '"为所有用户安装（需要管理员权限）"',
        'ExecShell "runas" "$EXEPATH" "/AllUsers"',
    ):
        assert line in nsi
    # Per-user or per-machine, never a mix: every registry write follows the mode.
    assert set(re.findall(r"WriteReg\w+ (HK\w+|SHCTX)", nsi)) == {"SHCTX"}
    # The user may install into a folder holding other files: never delete it recursively.
    assert not re.search(r'RMDir /r "\$INSTDIR"', nsi)
    assert re.search(r"MUI_UNCONFIRMPAGE_TEXT_TOP .*数据、设置和日志.*保留", nsi)


def test_installer_refuses_what_cannot_run_the_program_and_uses_stock_plugins_only():
    nsi = NSI.read_text("utf-8")
    for line in (
        "!define MIN_BUILD 17763 ; Windows 10 1809",
        "${IfNot} ${RunningX64}",
        "${IfNot} ${AtLeastBuild} ${MIN_BUILD}",
        """nsExec::ExecToStack '"$SYSDIR\\tasklist.exe" /NH /FO CSV """
        """/FI "IMAGENAME eq ${GUI_EXE}"'""",
        """nsExec::ExecToStack '"$SYSDIR\\tasklist.exe" /NH /FO CSV """
        """/FI "IMAGENAME eq ${CLI_EXE}"'""",
    ):
        assert line in nsi
    for init in ("Function .onInit", "Function un.onInit"):
        body = nsi[nsi.index(init) : nsi.index("FunctionEnd", nsi.index(init))]
        assert "CheckNotRunning" in body
    # Debian's NSIS 3.08 is what CI compiles with: no plug-in it lacks.
    assert set(re.findall(r"(\w+)::", nsi)) == {"nsExec", "UserInfo", "nsDialogs"}


def _compile_installer(tmp_path: Path, *defines: str) -> Path:
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for name in (f"{fc.GUI_NAME}.exe", f"{fc.CLI_NAME}.exe", "_internal/placeholder.txt"):
        (payload / name).write_text("placeholder")
    subprocess.run(
        ["makensis", "-V2", "-WX", f"-DDIST={payload}", f"-DOUTDIR={tmp_path}", *defines, str(NSI)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return tmp_path / f"SchoolRoll-{fc.project_version(ROOT)}-setup.exe"


needs_makensis = pytest.mark.skipif(
    shutil.which("makensis") is None, reason="makensis not installed (apt: nsis)"
)


@needs_makensis
def test_installer_script_compiles(tmp_path):
    assert _compile_installer(tmp_path).stat().st_size > 0


@needs_makensis
@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in signer is a shell script")
def test_sign_command_signs_the_installer_and_the_uninstaller_it_writes(tmp_path):
    signed = tmp_path / "signed.txt"
    signer = tmp_path / "sign.sh"
    signer.write_text(f'#!/bin/sh\necho "$1" >> "{signed}"\n')
    signer.chmod(0o755)
    setup = _compile_installer(tmp_path, f"-DSIGN_CMD={signer}")
    lines = signed.read_text().splitlines()
    # The uninstaller first (before it is packed into the setup), then the setup itself.
    assert len(lines) == 2
    assert lines[0] != str(setup)
    assert lines[1] == str(setup)


def test_cli_entry_script_runs_as_a_top_level_script(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / fc.ENTRY_CLI), "templates", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "学校控辍保学月报.xlsx").is_file()


def test_release_constraints_pin_every_dependency_within_its_range():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["build"]]
    wanted += project["optional-dependencies"]["test"]
    pins = {}
    for line in (ROOT / "packaging" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    off = []
    for text in wanted:
        req = Requirement(text)
        version = pins.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            off.append((req.name, str(req.specifier), version))
    assert off == []


def test_windows_workflow_pins_actions_python_and_nsis():
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text("utf-8")
    uses = re.findall(r"uses: (\S+)", workflow)
    assert uses
    assert [u for u in uses if not re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u)] == []
    assert re.findall(r'python-version: "([^"]+)"', workflow) == ["3.11.9"]
    assert "choco install nsis --version=3.08 " in workflow
    # What users run: the real platform plugin, and no PYTHONUTF8 the frozen program would ignore.
    assert 'QT_QPA_PLATFORM = "windows"' in workflow
    assert "QT_QPA_PLATFORM: offscreen" not in workflow
