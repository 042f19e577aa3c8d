#!/usr/bin/env bash
# Create .venv, install SchoolRoll, and run the main job on the built-in sample county.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
out=${1:-sample}
.venv/bin/schoolroll demo --out "$out"
.venv/bin/schoolroll templates --out "$out/模板"
