"""Columns shared by several forms: the common key block of the ledgers (docs/sources.md §3)."""

from __future__ import annotations

from core.catalogue import codelists as cl
from core.catalogue.schema import ColumnSpec
from core.catalogue.schema import ValueType as V


def col(
    key: str,
    header: str,
    vtype: V = V.TEXT,
    *,
    required: bool = False,
    synonyms: tuple[str, ...] = (),
    codes: cl.CodeList | None = None,
    help: str = "",  # noqa: A002
    width: int = 12,
) -> ColumnSpec:
    """A column; ENUM columns take their code list."""
    return ColumnSpec(key, header, vtype, required, synonyms, codes, help, width)


def enum(key: str, header: str, codes: cl.CodeList, **kw) -> ColumnSpec:
    """An enum column over a code list."""
    return col(key, header, V.ENUM, codes=codes, **kw)


MONTH = col("period", "月份", V.MONTH, required=True, width=10)
"""The month a county-made list belongs to (入户核查清单, 平台推送核实): its rows count in it."""
SEQ = col(
    "seq",
    "序号",
    V.INTEGER,
    synonyms=("编号", "No", "NO."),
    width=6,
    help="从 1 开始的顺序号，可不填",
)
STUDENT_NO = col(
    "student_no",
    "学籍号",
    V.STUDENT_NUMBER,
    synonyms=("全国学籍号", "学籍编号", "学籍号码", "个人标识码"),
    width=22,
    help="全国中小学生学籍号：G/J/L 加 18 位",
)
NAME = col(
    "name",
    "姓名",
    required=True,
    synonyms=("学生姓名", "儿童姓名", "姓 名"),
    width=10,
    help="与户口簿一致",
)
GENDER = enum("gender", "性别", cl.GENDER, required=True, width=6, help="男 或 女")
ID_TYPE = enum(
    "id_type",
    "身份证件类型",
    cl.ID_TYPE,
    synonyms=("证件类型",),
    width=14,
    help="不填视为居民身份证",
)
ID_NUMBER = col(
    "id_number",
    "身份证件号",
    V.ID_NUMBER,
    required=True,
    synonyms=(
        "公民身份号码",
        "身份证号",
        "身份证号码",
        "证件号码",
        "身份证件号码",
        "学生身份证号",
        "儿童身份证号",
    ),
    width=22,
    help="18 位，末位可为 X；请以文本格式录入",
)
BIRTH_DATE = col(
    "birth_date",
    "出生日期",
    V.DATE,
    required=True,
    synonyms=("出生年月日", "生日"),
    width=12,
    help="如 2015-09-01",
)
GRADE = enum(
    "grade",
    "年级",
    cl.GRADE,
    required=True,
    synonyms=("所在年级", "就读年级"),
    width=8,
    help="一年级至九年级",
)
CLASS = col("class_name", "班级", synonyms=("所在班级", "班别", "班"), width=8, help="如 3班")
HUKOU_REGION = col(
    "hukou_region",
    "户籍地区划代码",
    V.REGION_CODE,
    synonyms=("户口所在地区划", "户籍区划代码", "户口所在地代码"),
    width=14,
    help="6 位或 12 位统计用区划代码",
)
GUARDIAN = col(
    "guardian", "监护人姓名", synonyms=("家长姓名", "监护人", "家长(或监护人)姓名"), width=10
)
GUARDIAN_PHONE = col(
    "guardian_phone",
    "联系电话",
    V.PHONE,
    synonyms=("监护人电话", "家长电话", "家长联系电话", "监护人联系电话", "电话"),
    width=14,
)
ADDRESS = col("address", "家庭住址", synonyms=("现住址", "居住地址", "家庭地址"), width=24)
NOTE = col(
    "note",
    "说明",
    synonyms=("备注", "情况说明"),
    width=20,
    help="对“疑问”类问题的解释，会随报表报送上级",
)
SCHOOL_CODE = col(
    "school_code",
    "学校标识码",
    V.SCHOOL_CODE,
    required=True,
    synonyms=("学校代码", "学校(机构)标识码", "学校机构标识码"),
    width=13,
    help="10 位数字，见学籍系统",
)
SCHOOL_NAME = col("school_name", "学校名称", required=True, synonyms=("学校", "就读学校"), width=20)
COUNTY_CODE = col(
    "county_code",
    "县区代码",
    V.COUNTY_CODE,
    required=True,
    synonyms=("县(区)代码", "行政区划代码", "县区行政区划代码"),
    width=10,
    help="6 位行政区划代码",
)

IDENTITY = (STUDENT_NO, NAME, GENDER, ID_NUMBER)
"""Who the pupil is: every pupil list starts with these."""

# Key groups (docs/sources.md §6): flags on the roster and the ledgers.
ORPHAN = col("orphan", "是否孤儿", V.YES_NO, synonyms=("孤儿",), width=8)
UNSUPPORTED = col(
    "unsupported",
    "是否事实无人抚养",
    V.YES_NO,
    synonyms=("事实无人抚养儿童", "事实无人抚养"),
    width=10,
)
DISABILITY = enum(
    "disability", "残疾类别", cl.DISABILITY, synonyms=("残疾类型", "是否残疾"), width=10
)
LEFT_BEHIND = enum("left_behind", "留守儿童", cl.LEFT_BEHIND, synonyms=("是否留守儿童",), width=12)
HARDSHIP = col("hardship", "是否困境儿童", V.YES_NO, synonyms=("困境儿童",), width=8)
MIGRANT = col(
    "migrant", "是否随迁子女", V.YES_NO, synonyms=("是否进城务工人员随迁子女", "随迁子女"), width=8
)
JUSTICE = col("justice", "是否涉案未成年人", V.YES_NO, synonyms=("涉案未成年人",), width=10)
POVERTY = col("poverty", "是否脱贫户", V.YES_NO, synonyms=("脱贫户", "是否建档立卡"), width=8)
KEY_GROUPS = (ORPHAN, UNSUPPORTED, DISABILITY, LEFT_BEHIND, HARDSHIP, MIGRANT, JUSTICE)
"""The seven monitored groups of the 2024 notice."""

SCHOOL_SYSTEM = enum(
    "school_system",
    "学制",
    cl.SCHOOL_SYSTEM,
    synonyms=("学校学制", "学制类型"),
    help="六三制或五四制；空白时按本县策略的学制。五四制下初一是第 6 年级",
)
