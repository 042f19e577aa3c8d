"""FINDING_TYPES: every finding code SchoolRoll reports, with severity, title, messages, hint.

docs/rules.md is generated from this table (``schoolroll rules --out docs/rules.md``).
Never rename or reuse a code.
"""

from __future__ import annotations

from core.model.findings import FindingType, Severity

S = Severity


def _t(
    code: str,
    severity: S,
    title: str,
    messages: str | dict[str, str],
    hint: str,
    scope: str = "cell",
) -> FindingType:
    msgs = {"": messages} if isinstance(messages, str) else messages
    return FindingType(code, severity, title, msgs, hint, scope)


_TYPES = [
    # --- files and sheets -------------------------------------------------------------------
    _t(
        "unreadable-file",
        S.ERROR,
        "文件无法读取",
        {
            "": "文件无法读取：{reason}",
            "empty": "文件是空的（0 字节）",
            "not-spreadsheet": "这不是 Excel 工作簿，而是{kind}",
            "too-large": "文件解压后超过 {limit_mb} MB（或压缩比异常），不像真实的报表，已拒绝读取",
            "damaged": "文件已损坏，无法打开：{reason}",
            "unhandled": "SchoolRoll 未能读懂文件中的某处内容（文件本身可能完好，这是本程序的"
            "问题）；请另存为 .xlsx 后再试，仍不行请把“帮助”中的日志文件发给技术支持",
            "refused": "文件内容异常，为保护电脑未读取：{reason}",
        },
        "请在 Excel 或 WPS 中打开该文件，另存为 .xlsx 格式后重新报送。",
        "workbook",
    ),
    _t(
        "encrypted-file",
        S.ERROR,
        "文件有密码保护",
        "文件设置了打开密码，已尝试的密码都不正确",
        "请向学校索取打开密码并在“设置”或 --password 中填写，或请学校取消密码后重新报送。",
        "workbook",
    ),
    _t(
        "skipped-file",
        S.INFO,
        "不是报表文件，已跳过",
        {
            "": "这不是报表文件（{kind}），已跳过，不计入报送",
            "annotated": "这是 SchoolRoll 生成的校验结果副本（标出问题的副本，不是报送的汇总），"
            "已跳过，不计入汇总；收件箱只需放下级单位报送的汇总工作簿本身",
        },
        "如果其中有报表，请把报表另存为 .xlsx 后单独报送。",
        "workbook",
    ),
    _t(
        "unsafe-content",
        S.INFO,
        "副本中已改为文字的内容",
        {
            "": "单元格内容已改为文字",
            "formula": "公式 {formula} 会访问本工作簿以外的内容（其他文件、网页或外部程序），"
            "副本中已改为文字，不再计算",
            "character": "单元格中有工作簿无法保存的控制字符，副本中已替换为“\ufffd”",
        },
        "原文件未改动；如需这个公式，请只引用本工作簿内的单元格。",
    ),
    _t(
        "unknown-form",
        S.ERROR,
        "不是标准报表",
        "没有一个工作表与标准报表的表头相符",
        "请使用“模板”中下载的标准模板填报，表头文字不要改动。",
        "workbook",
    ),
    _t(
        "missing-sheet",
        S.ERROR,
        "缺少工作表",
        "缺少“{sheet_title}”工作表",
        "请按标准模板补齐该工作表；本月没有数据时保留表头即可。",
        "workbook",
    ),
    _t(
        "missing-column",
        S.ERROR,
        "缺少列",
        "“{sheet_title}”缺少“{field}”列",
        "请按标准模板补上这一列（表头文字与模板一致）。",
        "sheet",
    ),
    _t(
        "unrecognised-sheet",
        S.INFO,
        "未识别的工作表",
        "工作表“{sheet_name}”与任何标准报表都不相符，未读取",
        "如果这是报表的一部分，请检查表头是否与模板一致。",
        "sheet",
    ),
    _t(
        "extra-column",
        S.INFO,
        "多余的列",
        "“{field}”列不在标准报表中，已保留但不参与校验",
        "无需处理；如是标准列被改了名，请改回模板中的表头。",
        "sheet",
    ),
    _t(
        "header-assumed",
        S.INFO,
        "按含义读取的表头",
        "“{header}”按“{field}”读取",
        "如理解有误，请把表头改成模板中的文字，或在映射文件中指定这一列。",
        "sheet",
    ),
    _t(
        "visits-in-ledger",
        S.INFO,
        "劝返记录在辍学台账中",
        "辍学台账的“{header}”列按劝返记录的“{field}”读取（本表没有单独的劝返记录工作表）",
        "无需处理；如每名学生有多次劝返，请按模板另建“劝返记录”工作表，每次劝返一行。",
        "sheet",
    ),
    _t(
        "header-ambiguous",
        S.QUERY,
        "含义不明的表头",
        {
            "": "“{header}”含义不明，未读取",
            "column": "“{header}”列既像“{field}”又像“{other}”，未按其中任何一个读取",
            "field": "“{header}”和“{other}”两列都像“{field}”，都未按它读取",
        },
        "请把表头改成模板中的文字，或在映射文件中指定这一列是什么。",
        "sheet",
    ),
    _t(
        "hidden-content",
        S.INFO,
        "隐藏的内容",
        {
            "": "有隐藏的内容，已照常读取",
            "sheet": "工作表“{sheet_name}”是隐藏的，已照常读取",
            "rows": "有 {count} 行被隐藏（{rows}），已照常读取",
        },
        "隐藏的行和工作表也会被汇总；不需要的数据请删除而不是隐藏。",
        "sheet",
    ),
    _t(
        "findings-truncated",
        S.WARNING,
        "问题过多",
        "问题超过 {limit} 条，另有 {count} 条未列出",
        "请先改正已列出的问题后重新校验。",
        "workbook",
    ),
    # --- cells --------------------------------------------------------------------------------
    _t("required-missing", S.ERROR, "必填项为空", "{field}不能为空", "请填写该单元格。"),
    _t(
        "id-invalid",
        S.ERROR,
        "身份证件号无效",
        {
            "": "身份证件号“{value}”无效",
            "length": "身份证件号应为 18 位，这里是 {length} 位",
            "chars": "身份证件号只能是数字，最后一位可以是 X",
            "region": "身份证件号前 6 位“{region}”不是有效的行政区划代码",
            "birthdate": "身份证件号中的出生日期“{birth}”不是有效日期",
            "check": "身份证件号校验位错误，应为 {expected}",
        },
        "请对照户口簿逐位核对身份证件号。",
    ),
    _t(
        "id-stored-as-number",
        S.ERROR,
        "身份证件号被存成了数字",
        "身份证件号被存成了数字（{value}），Excel 只保留 15 位有效数字，后几位已丢失",
        "请把该列设为“文本”格式，按户口簿重新录入完整号码（不要从这里复制）。",
    ),
    _t(
        "id-birthdate-mismatch",
        S.ERROR,
        "出生日期与身份证件号不符",
        "出生日期 {value} 与身份证件号中的 {expected} 不一致",
        "请对照户口簿核对出生日期或身份证件号。",
    ),
    _t(
        "id-gender-mismatch",
        S.ERROR,
        "性别与身份证件号不符",
        "性别“{value}”与身份证件号（第 17 位表示{expected}）不一致",
        "请对照户口簿核对性别或身份证件号。",
    ),
    _t(
        "student-no-mismatch",
        S.ERROR,
        "学籍号有误",
        {
            "": "学籍号“{value}”格式不对，应为 G、J 或 L 加 18 位",
            "g-differs": "学籍号“{value}”与身份证件号不一致",
            "temporary": "学籍号“{value}”是临时学籍号（L 开头），请跟进正式学籍号",
        },
        "请从国家中小学生学籍信息管理系统中核对学籍号。",
    ),
    _t(
        "code-invalid",
        S.ERROR,
        "代码格式错误",
        {
            "": "{field}“{value}”格式不对",
            "school": "学校标识码“{value}”应为 10 位数字",
            "county": "县区代码“{value}”应为 6 位数字",
            "region": "区划代码“{value}”应为 6 位或 12 位数字",
            "province": "学校标识码“{value}”第 3-4 位（省代码）与县区代码“{county}”不符",
        },
        "请核对代码；学校标识码见学籍系统“学校信息”。",
    ),
    _t(
        "enum-invalid",
        S.ERROR,
        "不在代码表中",
        "{field}“{value}”不在可选值中（可选：{allowed}）",
        "请从下拉列表中选择，或填写代码表中的代码。",
    ),
    _t(
        "date-invalid",
        S.ERROR,
        "日期无法识别",
        {
            "": "{field}“{value}”不是可识别的日期",
            "future": "{field} {value} 晚于填报月份",
            "month": "{field}“{value}”不是可识别的年月（如 2026-10）",
        },
        "请按“2015-09-01”的格式填写日期，年月按“2026-10”填写。",
    ),
    _t(
        "number-invalid",
        S.ERROR,
        "数字不合理",
        {
            "": "{field}“{value}”不是有效的数字",
            "negative": "{field}不能为负数",
            "present-above-due": "实出勤天数 {value} 大于应出勤天数 {due}",
            "absent-sum": "缺勤天数 {value} 应等于应出勤天数减实出勤天数（{expected}）",
            "run-above-absent": "最长连续缺勤天数 {value} 大于缺勤天数 {absent}",
            "due-above-calendar": "应出勤天数 {value} 多于本月的上课日（{days} 天）",
        },
        "请核对考勤数字。",
    ),
    _t(
        "vacation-absence-overcount",
        S.ERROR,
        "假期计入应出勤",
        (
            "应出勤天数 {value} 多于本月学期内的上课日（{days} 天）："
            "假期中的 {breaks} 个工作日不是上课日"
        ),
        "寒暑假和地方假日不计应出勤；请按学期日历重新统计应出勤和缺勤天数。",
    ),
    _t(
        "phone-invalid",
        S.WARNING,
        "电话号码格式可疑",
        "{field}“{value}”不像有效的电话号码",
        "手机号为 11 位数字，固定电话请带区号。",
    ),
    _t(
        "age-out-of-range",
        S.QUERY,
        "年龄与年级不符",
        {
            "": "按出生日期，{age} 周岁在义务教育年龄段（{low}-{high} 周岁）之外",
            "grade": "按出生日期 {age} 周岁，{grade}通常为 {low}-{high} 周岁",
        },
        "如属留级、晚入学等情况，请在“说明”列写明；否则请核对出生日期和年级。",
    ),
    _t(
        "lawful-status-no-approval",
        S.QUERY,
        "缺少批准文号",
        "就学状态为“{value}”，但没有填写批准文号",
        "休学、延缓入学须经乡镇政府或县级教育部门批准，请填写批准文号。",
    ),
    # --- within a workbook ----------------------------------------------------------------
    _t(
        "duplicate-student",
        S.ERROR,
        "重复学生",
        "该学生在本表中重复出现（另见第 {other_row} 行）",
        "请删除重复的行，或核对身份证件号。",
        "row",
    ),
    _t(
        "not-in-roster",
        S.ERROR,
        "不在学籍名册中（人在名不在）",
        "{sheet_title}中的学生“{name}”不在学籍名册中",
        "请核对身份证件号；确为本校学生的，请补入学籍名册。",
        "row",
    ),
    _t(
        "missing-attendance",
        S.ERROR,
        "没有考勤记录（名在人不在）",
        "学籍名册中的学生“{name}”没有考勤记录",
        "请在考勤汇总中补上该生本月的考勤；已不在校的，请填入疑似辍学或辍学台账。",
        "row",
    ),
    _t(
        "absence-not-reported",
        S.ERROR,
        "连续缺勤未报疑似辍学",
        "无故连续缺勤 {days} 个上课日（达到 {threshold} 天的上报标准），但不在疑似辍学台账中",
        "请核实去向，并填入疑似辍学学生台账；已返校的，请在台账中记为“已返校”。",
        "row",
    ),
    _t(
        "dropout-attending",
        S.QUERY,
        "辍学学生有出勤",
        "辍学台账中的学生“{name}”本月实出勤 {present} 天",
        "如已复学，请把状态改为“已复学”；否则请核对考勤。",
        "row",
    ),
    _t(
        "dropout-no-visit",
        S.QUERY,
        "本月没有劝返记录",
        "未返校的辍学学生“{name}”本月没有劝返记录",
        "每月至少劝返一次并记入劝返记录；如有特殊情况请在“说明”列写明。",
        "row",
    ),
    _t(
        "lawful-status-in-ledger",
        S.QUERY,
        "依法不属辍学",
        "学生“{name}”的就学状态是“{status}”，属在籍在学，不应列入{sheet_title}",
        "送教上门、经批准的休学或延缓入学不算辍学；请从台账中移出，或在“说明”列写明。",
        "row",
    ),
    # --- cases past the thresholds (rules issue, second part) --------------------------------
    _t(
        "suspected-overdue",
        S.QUERY,
        "疑似辍学超期",
        {
            "": (
                "学生“{name}”已无故连续缺勤 {days} 天，超过辍学标准（{threshold} 天），"
                "但没有劝返未果的记录，仍按疑似辍学跟踪"
            ),
            "failed": (
                "学生“{name}”已无故连续缺勤 {days} 天，超过辍学标准（{threshold} 天），"
                "且劝返未果，应转为辍学"
            ),
        },
        "辍学须同时满足缺勤天数和劝返未果：请尽快劝返并登记劝返记录；劝返未果的，"
        "把疑似辍学状态改为“转为辍学”并列入辍学台账。",
        "row",
    ),
    # --- lawful statuses with their conditions (rules issue, lawful part) ---------------------
    _t(
        "lawful-unapproved-absence",
        S.ERROR,
        "未经批准的缺勤",
        (
            "学生“{name}”的就学状态是“{status}”，但没有批准文号：无故连续缺勤 {days} 个上课日"
            "不能按依法缺勤处理"
        ),
        "没有批准文号的休学、延缓入学按在校学生对待：请补填批准文号，或把缺勤达到标准的学生"
        "列入疑似辍学台账。",
        "row",
    ),
    _t(
        "suspension-overlong",
        S.ERROR,
        "休学不符合规定",
        {
            "": "学生“{name}”休学不符合规定",
            "graduating": "{grade}学生“{name}”在毕业学年的最后一个学期休学",
        },
        "毕业学年的最后一个学期不得休学：请核实该生的就学状态，在校的改为“在校”，"
        "不在校的按缺勤情况列入疑似辍学台账。",
        "row",
    ),
    _t(
        "home-teaching-no-record",
        S.QUERY,
        "送教上门没有送教记录",
        "送教上门学生“{name}”本月没有送教记录（考勤中实出勤 0 天）",
        "送教上门每送教一次在考勤中记一天出勤；本月确未送教的，请在“说明”列写明原因。",
        "row",
    ),
    _t(
        "suspected-days-mismatch",
        S.QUERY,
        "台账缺勤天数与考勤不符",
        {
            "": (
                "疑似辍学学生“{name}”台账中的连续缺勤天数是 {value} 天，"
                "考勤汇总中已连续缺勤 {days} 天"
            ),
            "more": (
                "疑似辍学学生“{name}”台账中的连续缺勤天数是 {value} 天，"
                "按考勤汇总的连续缺勤起始日期只有 {days} 天"
            ),
        },
        "疑似辍学台账的连续缺勤天数应按考勤计算到本月统计截止日：请核对考勤汇总的最长连续缺勤天数"
        "和连续缺勤起始日期，改正其中错误的一处。",
        "row",
    ),
    _t(
        "long-excused-absence",
        S.QUERY,
        "长期请假",
        (
            "学生“{name}”请{kind}已连续 {days} 个上课日，超过 {threshold} 天："
            "长期请假应办理休学手续或核实是否辍学"
        ),
        "请假时间达到辍学天数的，请核实学生是否仍在治病或处理事务：确需长期离校的办理休学并填写"
        "批准文号；已不打算返校的按疑似辍学上报；情况属实的请在“说明”列写明。",
        "row",
    ),
    _t(
        "visit-sequence-invalid",
        S.WARNING,
        "劝返次序有误",
        {
            "": "学生“{name}”的第 {value} 次劝返登记了两次（另见第 {other} 行）",
            "order": (
                "学生“{name}”的第 {value} 次劝返日期（{date}）早于第 {earlier} 次劝返"
                "（{earlier_date}，第 {other} 行）"
            ),
        },
        "劝返次序按日期从 1 起依次编号，每次一个号：请核对劝返日期和劝返次序。",
        "row",
    ),
    _t(
        "suspected-no-visit",
        S.QUERY,
        "疑似辍学没有劝返记录",
        "疑似辍学学生“{name}”自 {since} 起缺勤，本月仍在跟踪，但劝返记录中没有一次劝返",
        "疑似辍学学生应及时家访劝返，每次劝返记入劝返记录；已劝返的请补登记录。",
        "row",
    ),
    _t(
        "status-converted-missing",
        S.ERROR,
        "转为辍学但不在辍学台账",
        "疑似辍学学生“{name}”的状态是“转为辍学”，但辍学台账中没有该学生",
        "转为辍学的学生要同时列入辍学台账（一人一案）；没有转为辍学的，请改正疑似辍学的状态。",
        "row",
    ),
    _t(
        "poverty-flag-mismatch",
        S.WARNING,
        "脱贫户标记不一致",
        "辍学学生“{name}”在辍学台账中{value_text}，学籍名册中{roster_text}",
        "脱贫户辍学要单独统计和帮扶：请按脱贫户名单核对两处的“是否脱贫户”，改成一致。",
        "row",
    ),
    _t(
        "student-no-birthdate",
        S.WARNING,
        "学籍号中的出生日期有误",
        {
            "": "学籍号“{value}”中的出生日期是 {from_number}，与出生日期 {birth} 不一致",
            "invalid": "学籍号“{value}”第 8-15 位（{digits}）不是有效的出生日期",
        },
        "J、L 字头学籍号的第 8-15 位是出生日期：请从学籍系统核对学籍号和出生日期。",
    ),
    _t(
        "school-code-category",
        S.WARNING,
        "学校标识码类别不符",
        {
            "": "学校标识码“{value}”前两位 {category} 不是已知的学校类别代码",
            "not-compulsory": (
                "学校标识码“{value}”前两位 {category} 是{kind}的类别代码，不是义务教育学校"
            ),
        },
        "学校标识码前两位是学校类别（21 小学、31 普通初中、51 特殊教育等）：请从学籍系统核对"
        "本校（或复学学校）的学校标识码。",
    ),
    _t(
        "summary-mismatch",
        S.ERROR,
        "汇总数与明细不符",
        "{field}填的是 {value}，按明细应为 {expected}",
        "请按明细重新统计月报汇总，或改正明细。",
    ),
    _t(
        "info-mismatch",
        S.ERROR,
        "填报信息与内容不符",
        {
            "": "填报信息中的{field}“{value}”与文件内容（{expected}）不一致",
            "period": "填报月份 {value} 与文件中的数据月份 {expected} 不一致",
            "school": "填报信息中的学校标识码 {value} 与名册中的 {expected} 不一致",
        },
        "请核对填报信息表。",
        "workbook",
    ),
    _t(
        "check-failed",
        S.WARNING,
        "检查未完成",
        "检查“{rule}”在本文件上出错，这一项没有检查",
        "请把该文件和日志发给技术支持；其余检查结果仍然有效。",
        "workbook",
    ),
    _t(
        "calendar-fallback",
        S.WARNING,
        "节假日日历未覆盖",
        "{year} 年的法定节假日尚未收录，上课日按周一至周五计算",
        "升级 SchoolRoll 以获得最新的节假日安排；在此之前请人工核对缺勤天数。",
        "workbook",
    ),
    # --- county inbox ------------------------------------------------------------------------
    _t(
        "missing-submission",
        S.ERROR,
        "未报送",
        "{school}（{school_code}）本月没有报送",
        "请联系该校尽快报送。",
        "cross-file",
    ),
    _t(
        "wrong-period",
        S.ERROR,
        "报送月份不对",
        "报送的是 {value} 的数据，本次汇总的是 {expected}",
        "请学校报送本月的报表。",
        "cross-file",
    ),
    _t(
        "unknown-school",
        S.ERROR,
        "学校不在名录中",
        "学校标识码 {value} 不在本县学校名录中",
        "请核对学校标识码，或把该校补入学校名录。",
        "cross-file",
    ),
    _t(
        "superseded-submission",
        S.INFO,
        "被更新的报送替代",
        "该校又报送了更新的文件（{newer}），本文件不参与汇总",
        "无需处理；如应以本文件为准，请删除较新的文件后重新汇总。",
        "cross-file",
    ),
    _t(
        "unidentified-submission",
        S.ERROR,
        "无法识别报送学校",
        {
            "": (
                "文件中找不到学校标识码（填报信息表、标题行和数据中都没有），"
                "无法确定是哪所学校报送的"
            ),
            "not-school": "这不是学校月报，而是“{family}”，不参与汇总",
        },
        "请学校在“填报信息”表中填写 10 位学校标识码后重新报送。",
        "cross-file",
    ),
    _t(
        "identity-assumed",
        S.WARNING,
        "报送学校或月份是推断的",
        {
            "": "报送学校或月份是推断的",
            "school-name": "文件中没有学校标识码，按学校名称“{name}”认定为“{school}”",
            "period-title": "“填报信息”中没有填报月份，按标题行认定为 {period}",
            "period-file": "“填报信息”和标题行中都没有填报月份，按文件名认定为 {period}",
        },
        "请学校在“填报信息”表中填写 10 位学校标识码和填报月份后重新报送。",
        "cross-file",
    ),
    _t(
        "late-submission",
        S.WARNING,
        "逾期报送",
        "填报日期 {value} 晚于截止日 {deadline}",
        "请提醒学校按时报送。",
        "cross-file",
    ),
    _t(
        "duplicate-across-schools",
        S.ERROR,
        "重复学籍（跨校）",
        "学生“{name}”同时在本校（{school} {own_sheet} 第 {own_row} 行）和 {other_school}"
        "（{other_path} {other_sheet} 第 {other_row} 行）的名册中",
        "请两校核实该生实际就读学校，办理转学或删除错误的记录。",
        "cross-file",
    ),
    _t(
        "transfer-unrecorded",
        S.QUERY,
        "辍学学生在他校出现",
        "辍学台账中的学生在 {other_school} 的{other_kind}中，可能是未办理的转学",
        "请核实；如已转学，请办理转学手续并从辍学台账销号。",
        "cross-file",
    ),
    _t(
        "attending-elsewhere",
        S.QUERY,
        "借读",
        "该学生学籍在 {other_school}，却在本校考勤",
        "请核实是否借读，并按规定办理借读手续。",
        "cross-file",
    ),
    _t(
        "household-unmatched",
        S.QUERY,
        "户籍儿童待核实",
        {
            "": "户籍中的适龄儿童“{name}”（{age} 周岁）在本县全部 {schools} 所学校的名册中都没有"
            "学籍，待核实",
            "partial": "户籍中的适龄儿童“{name}”（{age} 周岁）在已比对的 {covered} 所学校的名册中"
            "都没有学籍，待核实；另有 {not_covered} 所学校的名册未能比对（{reasons}），"
            "该儿童可能在其中就读",
        },
        "在外县就读是常见情况：请乡镇和学校核实去向，在外地就读的取得就读证明并在户籍名单中"
        "填“在外地就读”；核实失学的，在“就学状态”填“未入学/失学”。",
        "cross-file",
    ),
    _t(
        "comparison-not-covered",
        S.WARNING,
        "户籍比对未能进行",
        "没有一所学校的学籍名册可以比对（{reasons}），户籍名单中的适龄儿童无法与学籍比对，"
        "本月不列出户籍儿童待核实名单",
        "请先让各校报送能读取的月报（见各校的问题），再重新汇总。",
        "cross-file",
    ),
    _t(
        "out-of-school",
        S.WARNING,
        "适龄失学",
        "户籍中的适龄儿童“{name}”（{age} 周岁）经核实失学，在本县任何学校都没有学籍",
        "这是要处理的个案而不是数据错误：请列入台账，由乡镇和学校入户劝返。",
        "cross-file",
    ),
    _t(
        "poverty-dropout",
        S.WARNING,
        "脱贫户辍学",
        "辍学学生“{name}”属于脱贫户家庭（户主 {head}）",
        "请优先劝返，并落实资助政策。",
        "cross-file",
    ),
    _t(
        "platform-status",
        S.INFO,
        "平台推送名单核对",
        {
            "": "平台推送的学生“{name}”：{status}",
            "not-found": "平台推送的学生“{name}”在本县数据中找不到",
        },
        "请按核对结果在平台上反馈。",
        "cross-file",
    ),
    _t(
        "matched-by-fallback",
        S.WARNING,
        "按姓名等辅助匹配",
        "“{name}”没有可用的身份证件号，按{how}匹配",
        "请补全身份证件号，以免误判。",
        "cross-file",
    ),
    _t(
        "absent-not-in-ledger",
        S.ERROR,
        "名在人不在（未列入台账）",
        "学生“{name}”无故连续缺勤 {days} 个上课日，应列入{ledger}",
        "请学校核实后列入台账。",
        "cross-file",
    ),
    # --- the case register, month over month -------------------------------------------------
    _t(
        "case-unaccounted",
        S.QUERY,
        "案件未说明去向",
        "上月仍在跟踪的“{name}”（{state}，{opened} 立案）不在本月任何台账中，也没有销号",
        "请学校说明该生去向：仍未返校的继续列入台账；已返校、复学或销号的，在台账中填写状态和日期。",
        "cross-file",
    ),
    _t(
        "roster-drop-unexplained",
        S.QUERY,
        "学籍减少未说明",
        "上月在本校学籍名册中的“{name}”本月不在本县任何学校的名册中，也没有转出或销号记录",
        "请学校说明：转学的提供转出去向，辍学的列入辍学台账，学籍不应无故减少。",
        "cross-file",
    ),
    _t(
        "returned-absent-again",
        S.WARNING,
        "返校后再次缺勤",
        "“{name}”此前{back}，本月又无故缺勤达到上报标准",
        "返校学生再次缺勤要重点跟踪：请包保责任人尽快家访，防止再次辍学。",
        "cross-file",
    ),
    _t(
        "closure-without-evidence",
        S.ERROR,
        "销号缺少原因或佐证",
        "“{name}”已销号，但缺少{missing}",
        "销号须从代码表选择销号原因、填写销号日期，并在“销号佐证材料”列注明佐证"
        "（如复学证明、就读证明、死亡证明、出境记录）。",
        "row",
    ),
    # --- the county's answers: the field check-list and the platform's pushed list (issue 19) -
    _t(
        "check-result-missing",
        S.WARNING,
        "核查结果未填",
        "“{name}”一行填了核查日期、核查人或说明，但{field}为空，该行未导入",
        "请从下拉列表选择核查结果（在校就读、已返校、辍学、转学……），再导入一次。",
    ),
    _t(
        "field-check-unmatched",
        S.WARNING,
        "核查对象不在登记册中",
        "入户核查清单中的“{name}”在个案登记册中找不到该月仍在跟踪的个案，该行未导入",
        "请核对身份证件号和学籍号是否被改动；清单应由 schoolroll checklist 从同一个登记册生成。",
        "row",
    ),
    _t(
        "platform-unanswered",
        S.WARNING,
        "平台推送未核实反馈",
        "平台 {pushed} 推送的“{name}”超过 {days} 天仍没有核实结果（应在 {due} 前反馈）",
        "请核实该生情况，在“平台推送核实”表中填写核实结果、核实说明、核实人和核实日期，"
        "用 schoolroll register import 导入，并在平台上反馈。",
        "cross-file",
    ),
    # --- closing and returning with evidence (rules issue, closing part) ---------------------
    _t(
        "resumed-without-school",
        S.ERROR,
        "复学缺少学校或日期",
        "辍学学生“{name}”状态为“已复学”，但缺少{missing}",
        "复学要能核实：请填写复学学校（回本校的填本校名称）和复学日期。缺少它们的复学无法核实，"
        "却会计入返校和复学人数，所以按错误处理。",
    ),
    # --- roll-up ------------------------------------------------------------------------------
    _t(
        "missing-unit",
        S.ERROR,
        "下级单位未报送",
        {
            "": "{unit}（{unit_code}）没有报送",
            "derived": "{unit}（{unit_code}）没有报送（应报单位按行政区划代码表推断）",
        },
        "请联系该单位报送；应报单位与代码表不同时，请提供应报单位名单（--units）。",
        "cross-file",
    ),
    _t(
        "unit-totals-mismatch",
        S.ERROR,
        "下级汇总数与台账不符",
        "{unit} 的“{field}”汇总为 {value}，按其台账应为 {expected}",
        "请该单位重新汇总后报送；本次汇总按台账明细计算。",
        "cross-file",
    ),
    _t(
        "duplicate-across-units",
        S.ERROR,
        "跨县重复",
        "该学生同时出现在 {other_unit} 的台账中",
        "请两地核实该生的实际情况。",
        "cross-file",
    ),
    _t(
        "migrant-dropout-elsewhere",
        S.QUERY,
        "随迁子女辍学（户籍在外县）",
        "随迁子女辍学，户籍地 {value} 不在本县（{unit}），学期末应转户籍地",
        "学期末请将学籍档案转户籍地教育部门。",
        "cross-file",
    ),
    _t(
        "change-needs-explanation",
        S.QUERY,
        "与上期相比变化大",
        "{unit} 的“{field}”从 {previous} 变为 {value}",
        "请该单位说明变化原因。",
        "cross-file",
    ),
    _t(
        "unknown-unit",
        S.ERROR,
        "不是本级的下级单位",
        "单位代码 {value}（{unit}）不在本级（{parent}）的应报单位中",
        "请核对单位代码；确属本级的，请把该单位补入应报单位名单。",
        "cross-file",
    ),
    _t(
        "superseded-unit",
        S.INFO,
        "被更新的汇总替代",
        "{unit} 又报送了更新的汇总（{newer}），本文件不参与汇总",
        "无需处理；如应以本文件为准，请删除较新的文件后重新汇总。",
        "cross-file",
    ),
    _t(
        "covered-unit",
        S.WARNING,
        "已含在地市汇总中",
        "{unit} 已包含在 {outer} 的汇总中，本文件不参与汇总，以免重复计算",
        "省级收件箱只需放各地市的汇总工作簿；该县数据有更正的，请地市重新汇总后报送。",
        "cross-file",
    ),
    _t(
        "wrong-level-unit",
        S.ERROR,
        "不是本级应汇总的单位",
        "这是{unit_level}“{unit}”的汇总工作簿，{level}汇总只汇总{below}的汇总工作簿，未参与汇总",
        "县区的汇总工作簿请交所属地市汇总，省级收件箱只放各地市的汇总工作簿（省直管县请在"
        "应报单位名单 --units 中列出该县）；地市或省级的汇总工作簿请报上一级，"
        "不要放进同级的收件箱。",
        "workbook",
    ),
    _t(
        "not-unit-workbook",
        S.ERROR,
        "不是下级单位的汇总工作簿",
        "这不是{expected}的汇总工作簿（识别为“{family}”），未参与汇总",
        "请只把下级单位用 SchoolRoll 生成的汇总工作簿放进收件箱。",
        "workbook",
    ),
    # --- roll-up over a range of months (rollup --period FIRST..LAST) ------------------------
    _t(
        "range-months-missing",
        S.WARNING,
        "下级单位缺报月份",
        "{unit}（{unit_code}）缺报 {months}（{first} 至 {last} 共 {due} 个月，缺 {count} 个月）",
        "请该单位补报这些月份的汇总工作簿，放入收件箱后重新汇总；缺报月份的人数不计入序列和个案成效。",
        "cross-file",
    ),
    _t(
        "evaluation-months-unreported",
        S.WARNING,
        "学年评估前尚未报送",
        {
            "": "{unit}（{unit_code}）尚未报送 {months}；学年评估须在 {deadline} 前报出，"
            "还有 {days_left} 天",
            "late": "{unit}（{unit_code}）尚未报送 {months}；学年评估的截止日 {deadline} 已过",
        },
        "请催促该单位在截止日前报送这些月份的汇总工作簿；地市未报的，请地市先汇总所属县区。",
        "cross-file",
    ),
]

FINDING_TYPES: dict[str, FindingType] = {t.code: t for t in _TYPES}
assert len(FINDING_TYPES) == len(_TYPES), "duplicate finding code"
