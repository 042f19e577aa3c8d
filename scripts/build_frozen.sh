#!/usr/bin/env bash
# CI on Linux: the analogue of the Windows release build (.github/workflows/windows.yml).
#   1. PyInstaller one-folder build of build.spec (GUI + console twin sharing _internal/)
#   2. the console twin's `gui --smoke-test` run from the frozen folder, outside the repo
#   3. makensis compiling installer/schoolroll.nsi with a placeholder payload
# Needs the venv scripts/test.sh makes (override with PYTHON=...) and `makensis` (apt: nsis).
# The build goes to build/frozen/dist/SchoolRoll (BUILD_DIR=... to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=${BUILD_DIR:-build/frozen}
APP="$OUT/dist/SchoolRoll"

command -v makensis >/dev/null || { echo "build_frozen: makensis missing (apt-get install nsis)" >&2; exit 1; }
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q -c packaging/constraints.txt -e ".[build]"

t0=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$OUT/work" --distpath "$OUT/dist" build.spec
t1=$(date +%s)
echo "build_frozen: PyInstaller $((t1 - t0)) s, $(du -sh "$APP" | cut -f1) in $APP"

# From a scratch folder with a scratch HOME: the frozen app must not lean on the source tree,
# and settings/logs must not touch the real profile. timeout: a stuck dialog must fail CI.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
app_abs=$(cd "$APP" && pwd)
(cd "$tmp" && HOME="$tmp" QT_QPA_PLATFORM=offscreen timeout 600 "$app_abs/schoolroll-cli" gui --smoke-test)
(cd "$tmp" && HOME="$tmp" timeout 120 "$app_abs/schoolroll-cli" templates --out "$tmp/templates" >/dev/null)
t2=$(date +%s)
echo "build_frozen: frozen smoke test passed in $((t2 - t1)) s"

# The real payload is the Windows build; here the script itself must compile, warnings included.
mkdir -p "$tmp/payload/_internal"
for f in SchoolRoll.exe schoolroll-cli.exe _internal/placeholder.txt; do
  echo placeholder > "$tmp/payload/$f"
done
makensis -V2 -WX -DDIST="$tmp/payload" -DOUTDIR="$tmp" installer/schoolroll.nsi
ls "$tmp"/SchoolRoll-*-setup.exe >/dev/null
echo "build_frozen: makensis compiled installer/schoolroll.nsi; total $(($(date +%s) - t0)) s"
