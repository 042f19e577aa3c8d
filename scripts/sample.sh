#!/usr/bin/env bash
# Create .venv, install SchoolRoll, and run the main job on the built-in sample county:
# generate it, check every school workbook, consolidate the county, and write the templates.
# Usage: bash scripts/sample.sh [OUT]   (default OUT: ./sample)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
out=${1:-sample}
sr=.venv/bin/schoolroll

# Exit status 1 means "problems were found" (the sample county has planted ones); only 2 or
# more is a failure of the run itself.
tolerate_findings() { "$@" || { rc=$?; [ "$rc" -eq 1 ] || exit "$rc"; }; }

rm -rf "$out"
$sr demo --out "$out"
password=$(.venv/bin/python -c "import json,sys; print(json.load(open(sys.argv[1]))['passwords'][0])" "$out/answer_key.json")
echo
echo "== 校验收件箱中的每个学校月报（标注副本写到 $out/校验结果）=="
tolerate_findings $sr validate "$out/收件箱" --password "$password" --annotate "$out/校验结果" > "$out/校验结果.txt"
tail -n 1 "$out/校验结果.txt"
echo
echo "== 县区汇总 =="
tolerate_findings $sr consolidate "$out/收件箱" --period 2026-10 --out "$out/县区汇总.xlsx" \
  --schools "$out/学校名录.xlsx" --household "$out/户籍适龄儿童名单.xlsx" \
  --poverty "$out/脱贫户家庭成员名单.xlsx" --platform "$out/平台推送疑似辍学名单.xlsx" \
  --platform-answer "$out/平台推送核实.xlsx" --feedback "$out/反馈" --password "$password"
$sr templates --out "$out/模板" > /dev/null
echo
echo "== 个案登记册：三个月的示例（$out/多月），逐月汇总并记入登记册 =="
$sr demo --out "$out/多月" --period 2026-10 --months 3 --schools 6 --students 60 > /dev/null
for month in "$out"/多月/20??-??; do
  p=$(basename "$month")
  tolerate_findings $sr consolidate "$month/收件箱" --period "$p" --out "$month/县区汇总.xlsx" \
    --schools "$month/学校名录.xlsx" --household "$month/户籍适龄儿童名单.xlsx" \
    --poverty "$month/脱贫户家庭成员名单.xlsx" --platform "$month/平台推送疑似辍学名单.xlsx" \
    --register "$out/多月/个案登记册.sqlite" > /dev/null
done
$sr register status --register "$out/多月/个案登记册.sqlite"
echo
echo "== 季度复核：2026 年第四季度（示例埋下了人数突变、在校人数不变和结案后又立案）=="
tolerate_findings $sr review --quarter 2026Q4 --register "$out/多月/个案登记册.sqlite" \
  --out "$out/多月/季度复核.xlsx"
echo
echo "完成：$out/县区汇总.xlsx（县区汇总）、$out/反馈/（发回各校的标注副本）、$out/模板/（空白模板）、$out/多月/个案登记册.sqlite（个案登记册）、$out/多月/季度复核.xlsx（季度复核）"
