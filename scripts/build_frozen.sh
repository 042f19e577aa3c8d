#!/usr/bin/env bash
# CI on Linux: the analogue of the Windows release build (.github/workflows/windows.yml).
#   1. PyInstaller one-folder build of build.spec (GUI + console twin sharing _internal/)
#   2. the bundle listing test (tests/desktop/test_frozen_bundle.py) over the built folder
#   3. the console twin's `gui --smoke-test` run from the frozen folder, outside the repo:
#      offscreen, then in a real X window (Xvfb, platform xcb); the GUI's start-to-window time
#   4. the frozen CLI fed a file that aborts the parser beside a good one: both reported
#      (scripts/frozen_hostile.sh: the supervised worker of the frozen build dies, the batch goes on)
#   5. makensis compiling installer/schoolroll.nsi with a placeholder payload
# Needs the venv scripts/test.sh makes (override with PYTHON=...), `makensis` (apt: nsis) and
# `xvfb-run` (apt: xvfb xauth and the libxcb-* libraries .ci/run installs).
# The build goes to build/frozen/dist/SchoolRoll (BUILD_DIR=... to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=${BUILD_DIR:-build/frozen}
APP="$OUT/dist/SchoolRoll"

command -v makensis >/dev/null || { echo "build_frozen: makensis missing (apt-get install nsis)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "build_frozen: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q -c packaging/constraints.txt -e ".[build]"

t0=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$OUT/work" --distpath "$OUT/dist" build.spec
t1=$(date +%s)
echo "build_frozen: PyInstaller $((t1 - t0)) s, $(du -sm "$APP" | cut -f1) MB" \
  "($(tar -C "$APP" -czf - . | wc -c | awk '{printf "%.0f", $1 / 1048576}') MB gzipped) in $APP"
SCHOOLROLL_FROZEN_DIR="$APP" "$PY" -m pytest -q -p no:cacheprovider tests/desktop/test_frozen_bundle.py

# From a scratch folder with a scratch HOME: the frozen app must not lean on the source tree,
# and settings/logs must not touch the real profile. timeout: a stuck dialog must fail CI.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
app_abs=$(cd "$APP" && pwd)
ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }
smoke() {  # smoke PLATFORM [launcher...]: the smoke test must report that platform, in UTF-8 mode
  local platform=$1 line
  shift
  line=$(cd "$tmp" && HOME="$tmp" QT_QPA_PLATFORM=$platform timeout 600 "$@" \
    "$app_abs/schoolroll-cli" gui --smoke-test)
  echo "$line"
  [[ $line == *"Qt 平台 $platform，UTF-8 模式"* ]] || { echo "build_frozen: not $platform/UTF-8" >&2; exit 1; }
}
xvfb=(xvfb-run -a -s "-screen 0 1280x800x24")
s0=$(ms)
smoke offscreen
s1=$(ms)
smoke xcb "${xvfb[@]}"
s2=$(ms)
(cd "$tmp" && HOME="$tmp" timeout 120 "$app_abs/schoolroll-cli" templates --out "$tmp/templates" >/dev/null)
PYTHON="$PY" bash scripts/frozen_hostile.sh "$APP"
# Start to window: from spawning the GUI executable to its exit once its window is shown, in a
# real X window (the X server is already up when the clock starts).
window_ms=$(cd "$tmp" && HOME="$tmp" QT_QPA_PLATFORM=xcb timeout 120 "${xvfb[@]}" bash -c \
  's=$(date +%s%N); "$0" --quit-when-shown >/dev/null; echo $((($(date +%s%N) - s) / 1000000))' \
  "$app_abs/SchoolRoll")
t2=$(date +%s)
echo "build_frozen: smoke test $(secs $((s1 - s0))) offscreen, $(secs $((s2 - s1))) xcb;" \
  "start to window $(secs "$window_ms") (xcb)"
echo "build_frozen: frozen checks passed in $((t2 - t1)) s"

# The real payload is the Windows build; here the script itself must compile, warnings included.
mkdir -p "$tmp/payload/_internal"
for f in SchoolRoll.exe schoolroll-cli.exe _internal/placeholder.txt; do
  echo placeholder > "$tmp/payload/$f"
done
makensis -V2 -WX -DDIST="$tmp/payload" -DOUTDIR="$tmp" installer/schoolroll.nsi
ls "$tmp"/SchoolRoll-*-setup.exe >/dev/null
echo "build_frozen: makensis compiled installer/schoolroll.nsi; total $(($(date +%s) - t0)) s"
