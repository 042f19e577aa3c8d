"""The county's forms: its reference lists (inputs) and its consolidated workbook (output).

The county workbook is a standard form in its own right: the prefecture reads it back with the
same reader, so its ledgers are recognised by their headers like any school sheet.
"""

from __future__ import annotations

from dataclasses import replace

from core.catalogue import codelists as cl
from core.catalogue import columns as c
from core.catalogue import school_monthly as sm
from core.catalogue.columns import col, enum
from core.catalogue.schema import ColumnSpec, FormFamily, Layout, SheetSpec
from core.catalogue.schema import ValueType as V

# --- reference lists the county keeps -----------------------------------------------------------

SCHOOL_LIST = SheetSpec(
    key="county.school_list",
    kind="school-list",
    title="学校名录",
    columns=(
        c.SEQ,
        c.SCHOOL_CODE,
        c.SCHOOL_NAME,
        c.COUNTY_CODE,
        col("town", "乡镇(街道)", synonyms=("乡镇", "所在乡镇", "街道")),
        enum("stage", "学段", cl.SCHOOL_STAGE, synonyms=("办学类型", "学校类型")),
        c.SCHOOL_SYSTEM,
        col("contact", "联系人", synonyms=("学籍管理员",)),
        col("contact_phone", "联系人电话", V.PHONE, synonyms=("联系电话",)),
    ),
    signature=("school_code", "school_name", "stage"),
    description="本县应报送月报的全部学校。",
)
SCHOOL_LIST_FAMILY = FormFamily(
    key="county-school-list",
    title="县区学校名录",
    version="2026.1",
    level="county",
    sheets=(SCHOOL_LIST,),
    description="县区教育局维护：用来判断哪些学校已报、未报。",
)

HOUSEHOLD = SheetSpec(
    key="county.household",
    kind="household",
    title="户籍适龄儿童名单",
    columns=(
        c.SEQ,
        c.NAME,
        c.GENDER,
        c.ID_NUMBER,
        c.BIRTH_DATE,
        col("hukou_address", "户籍地址", synonyms=("户口所在地", "户籍所在地"), width=24),
        c.HUKOU_REGION,
        c.GUARDIAN,
        c.GUARDIAN_PHONE,
        enum("schooling", "就学状态", cl.SCHOOLING, synonyms=("就读情况", "就学情况"), width=12),
        col("school_attended", "就读学校", synonyms=("在读学校",), width=20),
        sm.APPROVAL,
        c.NOTE,
    ),
    signature=("name", "id_number", "hukou_address"),
    description="公安户籍中本县适龄儿童少年（一般 6-15 周岁）的名单，用于户籍与学籍比对。",
)
HOUSEHOLD_FAMILY = FormFamily(
    key="county-household",
    title="户籍适龄儿童名单",
    version="2026.1",
    level="county",
    sheets=(HOUSEHOLD,),
    description="由公安部门提供，县区教育局整理。",
)

POVERTY = SheetSpec(
    key="county.poverty",
    kind="poverty",
    title="脱贫户家庭成员名单",
    columns=(
        c.SEQ,
        col("household_no", "户编号", synonyms=("户码",)),
        col("household_head", "户主姓名", required=True, synonyms=("户主",)),
        col("name", "成员姓名", required=True, synonyms=("姓名", "家庭成员姓名")),
        c.ID_NUMBER,
        col("relation", "与户主关系", synonyms=("关系",)),
        col("village", "所在村", synonyms=("村(社区)", "行政村")),
        col("monitored", "是否监测户", V.YES_NO, synonyms=("监测户",)),
    ),
    signature=("household_head", "id_number", "relation"),
    description="乡村振兴部门的脱贫户（含监测户）家庭成员名单，用于辍学与脱贫户比对。",
)
POVERTY_FAMILY = FormFamily(
    key="county-poverty",
    title="脱贫户家庭成员名单",
    version="2026.1",
    level="county",
    sheets=(POVERTY,),
    description="由乡村振兴部门提供。",
)

PLATFORM = SheetSpec(
    key="county.platform",
    kind="platform",
    title="平台推送疑似辍学名单",
    columns=(
        c.SEQ,
        c.STUDENT_NO,
        c.NAME,
        c.GENDER,
        c.ID_NUMBER,
        col("school_name", "学校名称", synonyms=("就读学校",), width=20),
        col("school_code", "学校标识码", V.SCHOOL_CODE, synonyms=("学校代码",), width=13),
        col("push_date", "推送日期", V.DATE, synonyms=("下发日期",)),
        col("push_reason", "推送原因", synonyms=("疑似原因",), width=16),
    ),
    signature=("name", "id_number", "push_date"),
    description="全国基础教育管理服务平台推送的疑似辍学名单，需逐一核对反馈。",
)
PLATFORM_FAMILY = FormFamily(
    key="county-platform",
    title="平台推送疑似辍学名单",
    version="2026.1",
    level="county",
    sheets=(PLATFORM,),
    description="从全国基础教育管理服务平台导出。",
)

# --- the county workbook ------------------------------------------------------------------------

SOURCE_FILE = col("source_file", "来源文件", width=24)
SOURCE_SHEET = col("source_sheet", "来源工作表", width=12)
SOURCE_ROW = col("source_row", "来源行号", V.INTEGER, width=8)
PROVENANCE = (SOURCE_FILE, SOURCE_SHEET, SOURCE_ROW)
"""Where each merged row came from: file, sheet, Excel row."""

# --- the county's answer to the platform's pushed list (issue 19) ------------------------------
# The platform's own import layout is not public: this is SchoolRoll's layout, one column per
# field, marked provisional (暂定格式) in its title and 填表说明.
PLATFORM_ANSWER = SheetSpec(
    key="county.platform_answer",
    kind="platform-answer",
    title="平台推送核实",
    columns=(
        c.SEQ,
        replace(
            c.MONTH,
            required=False,
            help="推送名单所属的月份；导入登记册时核实结果记在这个月",
        ),
        replace(c.STUDENT_NO, required=False),
        c.NAME,
        replace(c.ID_NUMBER, required=False),
        col("school_code", "学校标识码", V.SCHOOL_CODE, synonyms=("学校代码",), width=13),
        col("school_name", "学校名称", synonyms=("就读学校",), width=20),
        col("push_date", "推送日期", V.DATE, synonyms=("下发日期",)),
        col("push_reason", "推送原因", synonyms=("疑似原因",), width=16),
        enum(
            "verify_result",
            "核实结果",
            cl.VERIFY_RESULT,
            width=12,
            help="从下拉列表选择；SchoolRoll 只填本县数据能确定的，其余留给县区核实后填写",
        ),
        col("verify_note", "核实说明", width=28),
        col("verifier", "核实人", width=10),
        col("verify_date", "核实日期", V.DATE, width=12),
        col(
            "basis",
            "核实依据",
            width=36,
            help="SchoolRoll 依据的本县数据（哪一本台账、第几行、什么状态），不必录入平台",
        ),
        *PROVENANCE,
    ),
    signature=("push_date", "verify_result", "verifier"),
    description="平台推送的每名学生一行：本县数据能确定的已填核实结果，其余由县区核实后填写。",
    priority=1,
)
PLATFORM_ANSWER_FAMILY = FormFamily(
    key="county-platform-answer",
    title="平台推送核实（暂定格式）",
    version="2026.1",
    level="county",
    sheets=(PLATFORM_ANSWER,),
    description="县区对平台推送疑似辍学名单的核实反馈，供录入全国基础教育管理服务平台。",
    notes=(
        "暂定格式：平台的导入格式未公开，本表为 SchoolRoll 自定的格式，每个字段一列。",
        "核实结果为空的行，由县区核实后填写核实结果、核实说明、核实人和核实日期；"
        "填好后可用 schoolroll register import 导入个案登记册。",
    ),
)

UNIT_COUNTY = col("county_code", "县区代码", V.COUNTY_CODE, required=True, width=10)
# A 失学 child found in the 户籍 comparison belongs to no school: these are optional here.
SCHOOL_KEY = (
    UNIT_COUNTY,
    replace(c.SCHOOL_CODE, required=False),
    replace(c.SCHOOL_NAME, required=False),
)


def _ledger_columns(form: SheetSpec, *extra: ColumnSpec) -> tuple[ColumnSpec, ...]:
    body = tuple(x for x in form.columns if x.key != "seq")
    return (c.SEQ, *SCHOOL_KEY, *body, *extra, *PROVENANCE)


COUNTY_INFO = SheetSpec(
    key="county.info",
    kind="county-info",
    title="汇总信息",
    layout=Layout.RECORD,
    columns=(
        c.COUNTY_CODE,
        col("county_name", "县区名称", required=True),
        sm.PERIOD,
        col("made_on", "汇总日期", V.DATE, required=True),
        col("rules_version", "规则版本", required=True),
        col("schools_expected", "应报学校数", V.INTEGER),
        col("schools_received", "已报学校数", V.INTEGER),
        col("household_covered", "户籍比对覆盖学校数", V.INTEGER),
        col("household_not_covered", "户籍比对未覆盖学校数", V.INTEGER),
        col(
            "household_last_roll",
            "未覆盖学校上月在籍的户籍儿童数",
            V.INTEGER,
            help="用个案登记册汇总时：户籍名单中本月各名册都没有、上月在未覆盖学校在籍的适龄儿童，"
            "计为未覆盖，不列为待核实",
        ),
    ),
    signature=("county_code", "county_name", "period"),
    description="县区汇总的基本信息。",
)

_n = {"vtype": V.INTEGER, "width": 10}
COUNTS = (
    col("roster_count", "在籍学生数", **_n),
    col("attending_count", "在校学生数", **_n),
    col("suspected_count", "疑似辍学人数", **_n),
    col("dropout_count", "辍学人数", **_n),
    col("returned_count", "本月返校人数", **_n),
)
"""The counts every summary level carries, in this order."""

COUNTY_SCHOOLS = SheetSpec(
    key="county.schools",
    kind="county-schools",
    title="学校汇总",
    columns=(
        c.SEQ,
        *SCHOOL_KEY,
        col("submitted", "是否报送", V.YES_NO, width=8),
        col("on_time", "是否按时", V.YES_NO, width=8),
        col("source_file", "报送文件", width=24),
        *COUNTS,
        col("errors", "错误数", **_n),
        col("warnings", "警告数", **_n),
        col("queries", "疑问数", **_n),
        col("notes", "提示数", **_n),
    ),
    signature=("school_code", "submitted", "roster_count"),
    description=(
        "每所学校的报送情况与汇总数（学校上报的台账行）；“县区核对新增”行为县区比对列入台账的"
        "学生和不属于名录中任何学校的问题；最后一行全县合计为以上各行之和，即全县台账的人数和"
        "问题清单的条数。"
    ),
)

COUNTY_CHILDREN = SheetSpec(
    key="county.children",
    kind="ledger-children",
    title="适龄儿童台账",
    columns=_ledger_columns(sm.ROSTER),
    signature=("county_code", "school_code", "id_number", "grade", "source_row"),
    description="全县学籍名册合并：每个在籍适龄儿童一行，附来源。",
)
COUNTY_ATTENDANCE = SheetSpec(
    key="county.attendance",
    kind="ledger-attendance",
    title="考勤汇总",
    columns=_ledger_columns(sm.ATTENDANCE),
    signature=("county_code", "school_code", "days_due", "source_row"),
    description="全县考勤汇总合并。",
)
ORIGIN = col("origin", "来源类别", width=12, help="学校上报、户籍比对（失学）、考勤比对")
"""Who put a row in a county ledger: a school, or one of the county's comparisons."""

COUNTY_SUSPECTED = SheetSpec(
    key="county.suspected",
    kind="ledger-suspected",
    title="疑似辍学台账",
    columns=_ledger_columns(sm.SUSPECTED, ORIGIN),
    signature=("county_code", "school_code", "first_absence", "source_row"),
    description="学校上报的疑似辍学学生，以及比对发现的疑似失学、名在人不在的学生。",
)
COUNTY_DROPOUT = SheetSpec(
    key="county.dropout",
    kind="ledger-dropout",
    title="辍学台账",
    columns=_ledger_columns(
        sm.DROPOUT, ORIGIN, col("poverty_matched", "脱贫户比对", V.YES_NO, width=8)
    ),
    signature=("county_code", "school_code", "dropout_month", "source_row"),
    description="全县辍学学生，附脱贫户比对结果。",
)
COUNTY_VISITS = SheetSpec(
    key="county.return_visits",
    kind="ledger-return-visits",
    title="劝返记录",
    columns=_ledger_columns(sm.RETURN_VISITS),
    signature=("county_code", "school_code", "attempt", "source_row"),
    description="全县劝返记录。",
)
LEDGER_FORMS: dict[str, SheetSpec] = {
    "roster": COUNTY_CHILDREN,
    "attendance": COUNTY_ATTENDANCE,
    "suspected": COUNTY_SUSPECTED,
    "dropout": COUNTY_DROPOUT,
    "return-visits": COUNTY_VISITS,
}
"""School sheet kind -> the county ledger sheet its rows are merged into."""
COMPARISON = SheetSpec(
    key="county.comparison",
    kind="comparison",
    title="三比对结果",
    columns=(
        c.SEQ,
        col("check", "比对项", required=True, width=14),
        c.NAME,
        c.ID_NUMBER,
        c.BIRTH_DATE,
        col("school_name", "学校名称", width=20),
        col("result", "比对结果", required=True, width=20),
        col("matched_by", "匹配方式", width=10),
        col("detail", "详情", width=30),
    ),
    signature=("check", "id_number", "result"),
    description="四查三比对的结果：户籍与学籍、学籍与在校、辍学与脱贫户、平台推送名单核对。",
)
KEY_GROUP_COUNTS = tuple(
    col(g.key, g.header.removeprefix("是否"), V.INTEGER, width=8) for g in c.KEY_GROUPS
)
KEY_GROUPS = SheetSpec(
    key="county.key_groups",
    kind="key-groups",
    title="重点群体",
    columns=(c.SEQ, *SCHOOL_KEY, col("ledger", "台账", width=12), *KEY_GROUP_COUNTS),
    signature=("school_code", "ledger", "orphan", "left_behind"),
    description="每所学校每本台账中各重点群体的人数。",
)
FINDINGS = SheetSpec(
    key="county.findings",
    kind="findings",
    title="问题清单",
    columns=(
        c.SEQ,
        col("severity", "级别", width=6),
        col("code", "代码", width=22),
        col("school_code", "学校标识码", V.SCHOOL_CODE, width=13),
        col("school_name", "学校名称", width=18),
        col("file", "文件", width=24),
        col("sheet", "工作表", width=12),
        col("row", "行号", V.INTEGER, width=6),
        col("column", "列", width=5),
        col("field", "字段", width=12),
        col("value", "值", width=18),
        col("message", "问题", width=40),
        col("hint", "改正方法", width=30),
        col("explanation", "说明", width=20),
    ),
    signature=("severity", "code", "message"),
    description="所有问题，每条可点击跳到所在的行。",
)

FRONT_PAGE = "首页"
"""The county workbook's first sheet: the month's figures laid out to print and sign, no data."""
CASE_STATE = col("case_state", "个案状态", required=True, width=10)
COUNTY_CASES = SheetSpec(
    key="county.cases",
    kind="cases",
    title="个案台账",
    columns=(
        c.SEQ,
        *SCHOOL_KEY,
        replace(c.STUDENT_NO, required=False),
        replace(c.NAME, required=False),
        replace(c.ID_NUMBER, required=False),
        CASE_STATE,
        col("opened", "立案月份", width=10),
        col("opened_by", "立案来源", width=10),
        col("age_days", "已跟踪天数", V.INTEGER, width=8),
        col("attempts", "劝返次数", V.INTEGER, width=8),
        col("last_event", "最近变动日期", V.DATE, width=12),
        col("last_period", "最近记录月份", width=10),
        *PROVENANCE,
    ),
    signature=("case_state", "age_days", "attempts", "last_period"),
    description="个案登记册中本月内任何时候在跟踪的个案：状态、已跟踪天数、劝返次数、最近变动及来源。",
)
COUNTY_CLOSURES = SheetSpec(
    key="county.closures",
    kind="closures",
    title="销号记录",
    columns=(
        c.SEQ,
        *SCHOOL_KEY,
        replace(c.STUDENT_NO, required=False),
        replace(c.NAME, required=False),
        replace(c.ID_NUMBER, required=False),
        replace(CASE_STATE, key="closed_as", header="结案方式"),
        col("closed_on", "结案日期", V.DATE, width=12),
        col("closing_reason", "销号原因", width=16),
        col("evidence", "佐证", width=20),
        *PROVENANCE,
    ),
    signature=("closed_as", "closed_on", "evidence"),
    description="本月结案的个案（返校、复学、销号、排除、转出），附销号原因、佐证及来源。",
)
CASE_FORMS = (COUNTY_CASES, COUNTY_CLOSURES)
"""Sheets written only when the month was recorded in a case register."""

COUNTY_SUMMARY = FormFamily(
    key="county-summary",
    title="县区控辍保学汇总",
    version="2026.1",
    level="county",
    sheets=(
        COUNTY_INFO,
        COUNTY_SCHOOLS,
        COUNTY_CHILDREN,
        COUNTY_ATTENDANCE,
        COUNTY_SUSPECTED,
        COUNTY_DROPOUT,
        COUNTY_VISITS,
        COMPARISON,
        KEY_GROUPS,
        FINDINGS,
        *CASE_FORMS,
        PLATFORM_ANSWER,
    ),
    description="县区每月汇总：报送情况、三本台账、三比对结果、问题清单；报地市。",
)
