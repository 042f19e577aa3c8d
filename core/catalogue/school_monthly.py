"""学校控辍保学月报: the workbook a school fills every month (docs/sources.md §3)."""

from __future__ import annotations

from core.catalogue import codelists as cl
from core.catalogue import columns as c
from core.catalogue.columns import col, enum
from core.catalogue.schema import FormFamily, Layout, SheetSpec
from core.catalogue.schema import ValueType as V

PERIOD = col(
    "period",
    "填报月份",
    V.MONTH,
    required=True,
    synonyms=("统计月份", "报送月份", "月份"),
    help="如 2026-10",
)
FILL_DATE = col(
    "fill_date",
    "填报日期",
    V.DATE,
    required=True,
    synonyms=("报送日期", "填表日期"),
    help="填表当天的日期；同一月份多次报送时以最新的为准",
)

INFO = SheetSpec(
    key="school.info",
    kind="info",
    title="填报信息",
    layout=Layout.RECORD,
    columns=(
        c.SCHOOL_NAME,
        c.SCHOOL_CODE,
        c.COUNTY_CODE,
        PERIOD,
        col("filled_by", "填表人", required=True, synonyms=("填报人",)),
        col("phone", "联系电话", V.PHONE, required=True, synonyms=("填表人电话",)),
        FILL_DATE,
        col("principal", "校长", synonyms=("学校负责人",)),
        c.SCHOOL_SYSTEM,
    ),
    signature=("school_code", "period"),
    description="学校基本信息和填报月份：县区按这里的学校标识码和月份识别报表，不看文件名。",
    title_aliases=("基本信息", "封面", "学校信息"),
)

SCHOOLING_STATUS = enum(
    "schooling",
    "就学状态",
    cl.SCHOOLING,
    synonyms=("在校状态", "就读情况"),
    width=12,
    help="在校、随班就读、送教上门、休学、延缓入学……",
)
APPROVAL = col(
    "approval_no",
    "批准文号",
    synonyms=("审批文号", "批准文件"),
    width=16,
    help="休学、延缓入学须填写乡镇政府或县教育局的批准文号",
)

ROSTER = SheetSpec(
    key="school.roster",
    kind="roster",
    title="学籍名册",
    columns=(
        c.SEQ,
        *c.IDENTITY,
        c.ID_TYPE,
        c.BIRTH_DATE,
        c.GRADE,
        c.CLASS,
        c.HUKOU_REGION,
        c.GUARDIAN,
        c.GUARDIAN_PHONE,
        c.ADDRESS,
        SCHOOLING_STATUS,
        APPROVAL,
        *c.KEY_GROUPS,
        c.POVERTY,
        c.NOTE,
    ),
    signature=("name", "id_number", "grade"),
    description="本校在籍的全部学生（含疑似辍学、辍学、休学、送教上门的学生：辍学学生仍保留学籍）。",
    title_aliases=("学生名册", "花名册", "学生花名册", "在籍学生"),
)

DAYS_DUE = col(
    "days_due",
    "应出勤天数",
    V.INTEGER,
    required=True,
    synonyms=("应出勤", "应到天数"),
    width=8,
    help="本月上课日天数",
)
DAYS_PRESENT = col(
    "days_present",
    "实出勤天数",
    V.INTEGER,
    required=True,
    synonyms=("实出勤", "实到天数", "出勤天数"),
    width=8,
)
DAYS_ABSENT = col("days_absent", "缺勤天数", V.INTEGER, required=True, synonyms=("缺勤",), width=8)
LONGEST_RUN = col(
    "longest_run",
    "最长连续缺勤天数",
    V.INTEGER,
    synonyms=("连续缺勤天数", "最长连续缺勤"),
    width=10,
    help="本月最长一次连续缺勤的上课日数",
)
ABSENCE_TYPE = enum(
    "absence_type",
    "缺勤类型",
    cl.ABSENCE_TYPE,
    synonyms=("缺勤原因", "请假类型"),
    width=10,
    help="病假、事假、无故缺勤",
)
RUN_START = col(
    "run_start",
    "连续缺勤起始日期",
    V.DATE,
    synonyms=("首次缺勤日期", "缺勤开始日期"),
    width=12,
    help="月末仍在缺勤的，填这次缺勤的第一天",
)

ATTENDANCE = SheetSpec(
    key="school.attendance",
    kind="attendance",
    title="考勤汇总",
    columns=(
        c.SEQ,
        *c.IDENTITY,
        c.GRADE,
        c.CLASS,
        DAYS_DUE,
        DAYS_PRESENT,
        DAYS_ABSENT,
        LONGEST_RUN,
        ABSENCE_TYPE,
        RUN_START,
        c.NOTE,
    ),
    signature=("name", "days_due", "days_present"),
    description="本月每个在籍学生的出勤情况：应出勤、实出勤、缺勤和最长连续缺勤。",
    title_aliases=("出勤统计", "考勤统计", "出勤情况"),
)

SUSPECTED = SheetSpec(
    key="school.suspected",
    kind="suspected",
    title="疑似辍学学生台账",
    columns=(
        c.SEQ,
        *c.IDENTITY,
        c.BIRTH_DATE,
        c.GRADE,
        c.CLASS,
        col("first_absence", "首次缺勤日期", V.DATE, required=True, width=12),
        col("absent_days", "连续缺勤天数", V.INTEGER, required=True, width=8),
        col("whereabouts", "去向", synonyms=("目前去向", "去向情况"), width=16),
        enum("reason", "疑似原因", cl.DROPOUT_REASON, synonyms=("疑似辍学原因", "原因"), width=14),
        col("responsible", "包保责任人", required=True, synonyms=("承包老师", "责任人"), width=10),
        c.GUARDIAN,
        c.GUARDIAN_PHONE,
        enum(
            "status",
            "状态",
            cl.SUSPECTED_STATUS,
            required=True,
            synonyms=("处理状态",),
            width=10,
            help="跟踪中、已返校、转为辍学、排除",
        ),
        col("status_date", "状态日期", V.DATE, synonyms=("状态变更日期", "处理日期"), width=12),
        *c.KEY_GROUPS,
        c.NOTE,
    ),
    signature=("name", "id_number", "first_absence"),
    description="无故缺勤达到上报标准、正在核实的学生。",
    title_aliases=("疑似辍学", "疑似辍学学生", "疑似辍学台账"),
)

DROPOUT = SheetSpec(
    key="school.dropout",
    kind="dropout",
    title="辍学学生台账",
    columns=(
        c.SEQ,
        *c.IDENTITY,
        c.BIRTH_DATE,
        c.GRADE,
        c.CLASS,
        col("dropout_month", "辍学年月", V.MONTH, required=True, synonyms=("辍学时间",), width=10),
        enum("reason", "辍学原因", cl.DROPOUT_REASON, required=True, width=14),
        c.POVERTY,
        c.GUARDIAN,
        c.GUARDIAN_PHONE,
        c.ADDRESS,
        c.HUKOU_REGION,
        col("responsible", "劝返责任人", required=True, synonyms=("包保责任人",), width=10),
        enum(
            "measure",
            "帮扶措施",
            cl.MEASURE,
            synonyms=("已采取的帮扶措施", "一人一案措施"),
            width=14,
        ),
        enum(
            "status",
            "状态",
            cl.DROPOUT_STATUS,
            required=True,
            synonyms=("劝返状态",),
            width=10,
            help="未返校、已复学、已销号",
        ),
        col(
            "status_date",
            "状态日期",
            V.DATE,
            synonyms=("销号日期", "复学日期"),
            width=12,
            help="复学或销号的日期：复学、销号时必填",
        ),
        enum(
            "closing_reason",
            "销号原因",
            cl.CLOSING_REASON,
            width=14,
            help="复学、特教/送教、死亡、出国出境、转户籍地、完成义务教育、其他：销号时必填",
        ),
        col(
            "closing_evidence",
            "销号佐证材料",
            synonyms=("佐证材料", "销号佐证", "佐证"),
            width=20,
            help="如复学证明、就读证明、死亡证明、出境记录的名称或文号：销号时必填",
        ),
        col(
            "return_school",
            "复学学校",
            synonyms=("复学学校/年级",),
            width=16,
            help="复学时必填（回本校的填本校名称）",
        ),
        col(
            "return_school_code",
            "复学学校标识码",
            V.SCHOOL_CODE,
            synonyms=("复学学校代码",),
            width=13,
            help="复学学校的 10 位学校标识码（见学籍系统），可不填；前两位须是义务教育学校的类别",
        ),
        *c.KEY_GROUPS,
        c.NOTE,
    ),
    signature=("name", "id_number", "dropout_month"),
    description="确认辍学的学生：保留学籍，一人一案，每月劝返并记录，复学或销号后保留历史。",
    title_aliases=("辍学学生", "辍学台账"),
)

RETURN_VISITS = SheetSpec(
    key="school.return_visits",
    kind="return-visits",
    title="劝返记录",
    columns=(
        c.SEQ,
        c.STUDENT_NO,
        c.NAME,
        c.ID_NUMBER,
        col(
            "attempt",
            "劝返次序",
            V.INTEGER,
            required=True,
            synonyms=("劝返次数", "第几次"),
            width=8,
        ),
        col("visit_date", "劝返日期", V.DATE, required=True, synonyms=("劝返时间",), width=12),
        col("visitor", "劝返人员", required=True, synonyms=("劝返人员姓名", "劝返人"), width=12),
        enum("method", "劝返方式", cl.MEASURE, required=True, synonyms=("方式",), width=14),
        enum("result", "劝返结果", cl.VISIT_RESULT, required=True, synonyms=("结果",), width=10),
        col("next_step", "下一步措施", synonyms=("下一步",), width=20),
        c.NOTE,
    ),
    signature=("name", "attempt", "visit_date"),
    description="每一次劝返一行：动态销号需要完整的劝返记录。",
    title_aliases=("劝返复学记录", "劝返情况"),
)

# Each count's definition is its help text; the summary-mismatch rule computes exactly this.
_count = {"vtype": V.INTEGER, "required": True, "width": 10}
SUMMARY = SheetSpec(
    key="school.summary",
    kind="summary",
    title="月报汇总",
    columns=(
        col(
            "roster_count",
            "在籍学生数",
            synonyms=("在籍人数", "学籍人数"),
            help="学籍名册的人数",
            **_count,
        ),
        col(
            "attending_count",
            "在校学生数",
            synonyms=("在校人数",),
            help="考勤汇总中本月实出勤天数大于 0 的学生数",
            **_count,
        ),
        col(
            "suspected_count",
            "疑似辍学人数",
            synonyms=("疑似辍学",),
            help="疑似辍学台账中状态为“跟踪中”的人数",
            **_count,
        ),
        col(
            "dropout_count",
            "辍学人数",
            synonyms=("辍学学生数",),
            help="辍学台账中状态为“未返校”的人数",
            **_count,
        ),
        col(
            "returned_count",
            "本月返校人数",
            synonyms=("返校人数", "复学人数"),
            help="本月内状态改为“已返校”（疑似）或“已复学”（辍学）的人数，按状态日期计",
            **_count,
        ),
        col(
            "visit_count",
            "本月劝返次数",
            synonyms=("劝返次数",),
            help="劝返记录中劝返日期在本月统计期内的行数",
            **_count,
        ),
    ),
    signature=("roster_count", "suspected_count", "dropout_count"),
    description="本月的汇总数：必须与各明细表一致。",
    title_aliases=("汇总", "统计表", "月报"),
)

SCHOOL_MONTHLY = FormFamily(
    key="school-monthly",
    title="学校控辍保学月报",
    version="2026.1",
    level="school",
    sheets=(INFO, ROSTER, ATTENDANCE, SUSPECTED, DROPOUT, RETURN_VISITS, SUMMARY),
    description="学校每月报送县区教育局：学籍名册、考勤汇总、疑似辍学和辍学台账、劝返记录、汇总。",
    notes=(
        "每月 28 日前报送县区教育局（截止日以本县通知为准）。",
        "身份证件号、学籍号请以文本格式录入，不要让 Excel 变成科学计数法。",
        "代码类的列既可以填代码，也可以填文字（如性别填 1 或 男）。",
        "“说明”列用来解释“疑问”类问题（如留级、晚入学），说明会随报表报送上级。",
        "辍学学生仍保留学籍，应同时列在学籍名册中。",
    ),
)
