#!/usr/bin/env bash
# The frozen CLI meets a file that aborts the spreadsheet parser (an .xls whose DIMENSIONS record
# claims four billion rows: calamine allocates the grid and the process dies of SIGABRT) next to
# a good one: both must be reported, the first as unreadable, with no traceback on stderr.
#   scripts/frozen_hostile.sh [APP_DIR]   (default build/frozen/dist/SchoolRoll; build_frozen.sh
#   calls it after its smoke tests). Needs the venv scripts/test.sh makes (PYTHON=...).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
APP=${1:-${BUILD_DIR:-build/frozen}/dist/SchoolRoll}
cli=$(cd "$APP" && pwd)/schoolroll-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/inbox"
"$PY" - "$tmp/inbox" <<'PY'
import struct
import sys
from pathlib import Path

import xlwt

inbox = Path(sys.argv[1])
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("学生名册")
for c, text in enumerate(["序号", "姓名", "性别", "身份证件号"]):
    sheet.write(0, c, text)
sheet.write(1, 0, 1)
for name in ("good.xls", "abort.xls"):
    book.save(str(inbox / name))
data = bytearray((inbox / "abort.xls").read_bytes())
at = data.find(b"\x00\x02\x0e\x00")  # BIFF8 DIMENSIONS: rwMic, rwMac (u32), colMic, colMac
data[at + 4 : at + 18] = struct.pack("<IIHHH", 0, 0xFFFFFFF0, 0, 0xFF, 0)
(inbox / "abort.xls").write_bytes(bytes(data))
PY
set +e
(cd "$tmp" && HOME="$tmp" timeout 300 "$cli" validate --json "$tmp/inbox" >"$tmp/out.json" 2>"$tmp/err.txt")
status=$?
set -e
"$PY" - "$tmp/out.json" "$tmp/err.txt" "$status" <<'PY'
import json
import sys
from pathlib import Path

files = {Path(f["path"]).name: f for f in json.loads(Path(sys.argv[1]).read_text())["files"]}
err, status = Path(sys.argv[2]).read_text(), int(sys.argv[3])
problems = []
if sorted(files) != ["abort.xls", "good.xls"]:
    problems.append(f"reported {sorted(files)}, not both files")
elif files["abort.xls"]["status"] != "unreadable" or files["good.xls"]["status"] == "unreadable":
    problems.append(f"statuses {files['abort.xls']['status']}, {files['good.xls']['status']}")
if status != 1 or "Traceback" in err or "panicked" in err:
    problems.append(f"exit {status}, stderr {err[:300]!r}")
if problems:
    sys.exit("frozen_hostile: " + "; ".join(problems))
print("frozen_hostile: the aborting file is unreadable "
      f"({files['abort.xls']['findings'][0]['message']}), the good file was read")
PY
