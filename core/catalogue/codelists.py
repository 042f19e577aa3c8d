"""Code lists of the forms. A cell may hold the code or the label (docs/sources.md §3)."""

from __future__ import annotations

from core.catalogue.schema import Code, CodeList


def _cl(key: str, title: str, entries: list[tuple], source: str = "") -> CodeList:
    return CodeList(key, title, tuple(Code(*e) for e in entries), source)


GENDER = _cl(
    "gender",
    "性别",
    [("1", "男", ("男性", "m")), ("2", "女", ("女性", "f"))],
    "学籍指标 1 男 2 女 (docs/sources.md §3)",
)

YES_NO = _cl(
    "yes_no",
    "是否",
    [
        ("1", "是", ("√", "✓", "✔", "y", "yes", "true", "对", "有")),
        ("0", "否", ("×", "✗", "n", "no", "false", "无", "-")),  # noqa: RUF001
    ],
)

ID_TYPE = _cl(
    "id_type",
    "身份证件类型",
    [
        ("1", "居民身份证", ("身份证",)),
        ("6", "香港特区护照/身份证明", ("香港特区护照", "香港身份证")),
        ("7", "澳门特区护照/身份证明", ("澳门特区护照", "澳门身份证")),
        ("8", "台湾居民来往大陆通行证", ("台胞证",)),
        ("9", "境外永久居住证", ("外国人永久居留身份证", "永久居留证")),
        ("A", "护照", ()),
        ("Z", "其他", ()),
    ],
    "学籍指标 身份证件类型 (docs/sources.md §3)",
)

# Grades 1-9 as the 学籍 system counts them; 初四 exists in 5+4 regions and maps to 9.
GRADE = _cl(
    "grade",
    "年级",
    [
        ("1", "一年级", ("1年级", "小一", "小学一年级")),
        ("2", "二年级", ("2年级", "小二", "小学二年级")),
        ("3", "三年级", ("3年级", "小三", "小学三年级")),
        ("4", "四年级", ("4年级", "小四", "小学四年级")),
        ("5", "五年级", ("5年级", "小五", "小学五年级")),
        ("6", "六年级", ("6年级", "小六", "小学六年级")),
        ("7", "七年级", ("7年级", "初一", "初中一年级")),
        ("8", "八年级", ("8年级", "初二", "初中二年级")),
        ("9", "九年级", ("9年级", "初三", "初中三年级", "初四", "初中四年级")),
    ],
    "docs/sources.md §5",
)

LEFT_BEHIND = _cl(
    "left_behind",
    "留守儿童",
    [
        ("0", "非留守儿童", ("非", "否", "不是")),
        ("1", "单亲留守儿童", ("单亲留守",)),
        ("2", "双亲留守儿童", ("双亲留守",)),
    ],
    "学籍指标 是否留守儿童 (docs/sources.md §3)",
)

DISABILITY = _cl(
    "disability",
    "残疾类别",
    [
        ("0", "无", ("否", "非残疾", "健康")),
        ("1", "视力残疾", ("视力",)),
        ("2", "听力残疾", ("听力",)),
        ("3", "言语残疾", ("言语",)),
        ("4", "肢体残疾", ("肢体",)),
        ("5", "智力残疾", ("智力",)),
        ("6", "精神残疾", ("精神",)),
        ("7", "多重残疾", ("多重",)),
    ],
    "GB/T 26341-2010, 残联 1 = 视力 (docs/sources.md §3)",
)

DROPOUT_REASON = _cl(
    "dropout_reason",
    "辍学原因",
    [
        ("01", "学习困难/厌学", ("学习困难", "厌学")),
        ("02", "外出务工", ("外出打工", "打工")),
        ("03", "早婚早育", ("早婚",)),
        ("04", "宗教因素", ("信教", "宗教")),
        ("05", "因病", ("疾病", "身体原因")),
        ("06", "因残", ("残疾",)),
        ("07", "家庭经济困难", ("经济困难",)),
        ("08", "监护缺失/家庭变故", ("监护缺失", "家庭变故")),
        ("09", "心理/网瘾", ("心理", "网瘾")),
        ("99", "其他", ()),
    ],
    "docs/sources.md §3",
)

MEASURE = _cl(
    "measure",
    "劝返措施",
    [
        ("01", "家访", ("入户", "入户劝返")),
        ("02", "电话", ("电话联系",)),
        ("03", "村(居)委联合劝返", ("村委联合劝返", "联合劝返")),
        ("04", "学习帮扶", ("学有困难帮扶",)),
        ("05", "插班/单独编班", ("插班", "单独编班")),
        ("06", "普职融合", ()),
        ("07", "资助", ("两免一补", "营养餐")),
        ("08", "心理辅导", ()),
        ("09", "跨地区联合劝返", ("公安人社联合",)),
        ("10", "限期返校通知书", ("限期返校通知",)),
        ("11", "行政处罚/诉讼", ("诉讼", "起诉")),
        ("99", "其他", ()),
    ],
    "docs/sources.md §3",
)

VISIT_RESULT = _cl(
    "visit_result",
    "劝返结果",
    [
        ("1", "已返校", ("返校",)),
        ("2", "同意返校", ()),
        ("3", "拒绝返校", ("不同意",)),
        ("4", "联系不上", ("失联",)),
        ("9", "其他", ()),
    ],
)

SCHOOLING = _cl(
    "schooling",
    "就学状态",
    [
        ("01", "在校", ("在本校", "在读", "正常")),
        ("02", "随班就读", ()),
        ("03", "特教学校就读", ("特殊教育学校", "特教学校")),
        ("04", "送教上门", ()),
        ("05", "在外地就读", ("异地就读", "外地就读")),
        ("06", "休学", ()),
        ("07", "延缓入学", ("缓学",)),
        ("08", "未入学/失学", ("失学", "未入学")),
        ("09", "死亡", ("已死亡",)),
        # Statuses seen in county practice (docs/sources.md §2): not dropouts, each with its rule.
        ("10", "借读", ("借读生", "在本校借读")),
        ("11", "转学办理中", ("转学中", "正在办理转学")),
        ("12", "转体校就读", ("体校就读", "转入体校")),
        ("13", "专门学校", ("专门学校就读", "工读学校")),
        ("14", "出境", ("出国", "出国出境", "出国/出境")),
    ],
    "docs/sources.md §3",
)

SUSPECTED_STATUS = _cl(
    "suspected_status",
    "疑似辍学状态",
    [
        ("1", "跟踪中", ("劝学中", "家访中")),
        ("2", "已返校", ("返校",)),
        ("3", "转为辍学", ("已确认辍学", "确认辍学")),
        ("4", "排除", ("排除(转学/休学等)", "已排除")),
    ],
    "docs/sources.md §1-§3",
)

DROPOUT_STATUS = _cl(
    "dropout_status",
    "辍学状态",
    [
        ("1", "未返校", ("劝返中",)),
        ("2", "已复学", ("复学", "已返校")),
        ("3", "已销号", ("销号",)),
    ],
    "docs/sources.md §1",
)

# --- closing a 辍学 case with evidence (rules issue, closing part) ---------------------------
DEATH = Code("03", "死亡", ("已死亡", "因病死亡", "意外死亡"))
ABROAD = Code("04", "出国出境", ("出国", "出境", "出国/出境"))
OTHER = Code("99", "其他", ())
"""The entries 销号原因, 核实结果 and 核查结果 share: one definition, the same code in each list."""

CLOSING_REASON = CodeList(
    "closing_reason",
    "销号原因",
    (
        Code("01", "复学", ("已复学", "返校复学", "劝返复学")),
        Code("02", "特教/送教", ("特教", "送教", "送教上门", "特殊教育学校就读", "特教学校就读")),
        DEATH,
        ABROAD,
        Code("05", "转户籍地", ("转回户籍地", "学籍转户籍地", "转户籍地就读")),
        Code("06", "完成义务教育", ("初中毕业", "已毕业")),
        OTHER,
    ),
    "docs/sources.md §1",
)

# --- the county's answers: the platform's pushed list and the field check (issue 19) ----------
VERIFY_RESULT = CodeList(
    "verify_result",
    "核实结果",
    (
        Code("11", "在校就读", ("在校", "在读", "正常就读", "在校在读")),
        Code("12", "已返校", ("返校", "已复学", "复学", "劝返复学")),
        Code("13", "转学", ("已转学", "转出", "转学就读")),
        Code("14", "辍学", ("仍未返校", "未返校", "确认辍学", "已辍学")),
        Code("15", "休学", ("已休学",)),
        Code("16", "送教上门", ("送教",)),
        DEATH,
        ABROAD,
        OTHER,
    ),
    "SchoolRoll's provisional list (issue 19): the platform's own answer codes are not public",
)
"""平台推送核实: the county's answer for a pupil the national platform pushed as a suspected
dropout. 死亡, 出国出境 and 其他 are the 销号原因 entries themselves."""

CHECK_RESULT = CodeList(
    "check_result",
    "核查结果",
    (*VERIFY_RESULT.codes[:-1], Code("17", "联系不上", ("失联", "无法联系", "找不到")), OTHER),
    "SchoolRoll's list (issue 19): the 核实结果 entries and 联系不上",
)
"""入户核查清单: what the visit found; the 核实结果 entries (shared) and 联系不上."""

ABSENCE_TYPE = _cl(
    "absence_type",
    "缺勤类型",
    [
        ("0", "无缺勤", ("无",)),
        ("1", "病假", ()),
        ("2", "事假", ()),
        ("3", "无故缺勤", ("旷课", "无故旷课", "未请假")),
    ],
)

SCHOOL_STAGE = _cl(
    "school_stage",
    "学段",
    [
        ("1", "小学", ()),
        ("2", "初中", ()),
        ("3", "九年一贯制", ("九年制",)),
        ("4", "特殊教育", ("特教",)),
    ],
)

SCHOOL_SYSTEM = _cl(
    "school_system",
    "学制",
    [
        ("6+3", "六三制", ("六三学制", "6·3制", "6-3", "63制", "小学六年初中三年")),
        ("5+4", "五四制", ("五四学制", "5·4制", "5-4", "54制", "小学五年初中四年")),
    ],
    "学籍系统按学校登记学制 (docs/sources.md; domain.md §7)",
)
"""A school's 学制; its code is the policy's ``[age] school_system`` value."""

CODE_LISTS: dict[str, CodeList] = {
    c.key: c
    for c in (
        GENDER,
        YES_NO,
        ID_TYPE,
        GRADE,
        LEFT_BEHIND,
        DISABILITY,
        DROPOUT_REASON,
        MEASURE,
        VISIT_RESULT,
        SCHOOLING,
        SUSPECTED_STATUS,
        DROPOUT_STATUS,
        CLOSING_REASON,
        VERIFY_RESULT,
        CHECK_RESULT,
        ABSENCE_TYPE,
        SCHOOL_STAGE,
        SCHOOL_SYSTEM,
    )
}

LAWFUL_STATUSES = frozenset({"02", "03", "04", "05", "06", "07"})
"""就学状态 codes meaning enrolled or lawfully not attending: never a dropout (sources.md §2)."""
NEEDS_APPROVAL = frozenset({"06", "07"})
"""休学 and 延缓入学 need an approval (批准文号)."""

# --- lawful statuses with their conditions (rules issue, lawful part) ------------------------
EXCUSED_STATUSES = frozenset({"04", "05", "06", "07", "09", "11", "12", "13", "14"})
"""就学状态 codes whose absence from class is lawful (when approved, for NEEDS_APPROVAL): no
absence check, no ledger case. 随班就读, 特教学校就读 and 借读 pupils attend: absences count."""
HOME_TEACHING = "04"
"""送教上门: lawful only with its visits recorded (实出勤 counts the visits)."""
SUSPENSION = "06"
"""休学: not allowed in a graduating year's last term."""

# --- 学校标识码 categories (domain.md §3.3; the code's first two digits) ---------------------
SCHOOL_CATEGORIES = {
    "11": "幼儿园",
    "21": "小学",
    "22": "成人小学",
    "31": "普通初中",
    "32": "职业初中",
    "33": "成人初中",
    "34": "普通高中",
    "35": "成人高中",
    "36": "中等职业学校",
    "37": "工读学校",
    "41": "普通高等学校",
    "42": "成人高等学校",
    "51": "特殊教育学校",
    "91": "其他教育机构",
    "92": "其他教育机构",
    "93": "其他教育机构",
}
"""学校(机构)标识码 digits 1-2 -> the kind of school."""
COMPULSORY_CATEGORIES = frozenset({"21", "31", "32", "34", "37", "51", "91", "92", "93"})
"""Categories whose schools may teach 义务教育 pupils: 小学, 初中 (九年一贯制 schools use 31),
a 完全中学's 初中 (34), 工读/专门学校, 特殊教育, and the other institutions."""
