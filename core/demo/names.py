"""Built-in word lists for the sample county: names, towns, teachers' roles.

Town names are the real 乡镇(街道) of 固始县 (411525); their 3-digit 乡级 codes follow the
统计用区划代码 pattern (001-099 街道, 100-199 镇, 200-399 乡) and are illustrative.
"""

from __future__ import annotations

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
"""About 100 of the commonest Chinese surnames, most common first."""

BOY_CHARS = "浩宇轩子涵俊杰博文瑞泽一鸣晨阳睿思远航天佑志强家豪明辉梓皓宸铭昊然嘉诚逸凡建国"
GIRL_CHARS = "欣怡雨涵梓萱诗琪佳怡若汐紫嫣梦瑶思彤语桐雅静可馨婉清依诺欢月晓雪丽娜心悦芳"
ADULT_CHARS = "建国红梅志刚秀英丽华海军桂兰永强春燕德明玉珍国华淑芬振华小红长江美玲"

COUNTY_TOWNS = {
    "411525": (
        ("001", "蓼城街道"),
        ("002", "番城街道"),
        ("003", "秀水街道"),
        ("100", "陈淋子镇"),
        ("101", "黎集镇"),
        ("102", "蒋集镇"),
        ("103", "往流镇"),
        ("104", "郭陆滩镇"),
        ("105", "胡族铺镇"),
        ("106", "方集镇"),
        ("107", "三河尖镇"),
        ("108", "段集镇"),
        ("109", "汪棚镇"),
        ("110", "张广庙镇"),
        ("111", "陈集镇"),
        ("112", "武庙集镇"),
        ("113", "分水亭镇"),
        ("114", "石佛店镇"),
        ("115", "泉河铺镇"),
        ("116", "祖师庙镇"),
        ("117", "沙河铺镇"),
        ("200", "观堂乡"),
        ("201", "柳树店乡"),
        ("202", "南大桥乡"),
        ("203", "杨集乡"),
        ("204", "马堽集乡"),
        ("205", "草庙集乡"),
        ("206", "丰港乡"),
        ("207", "洪埠乡"),
        ("208", "徐集乡"),
    ),
}
"""乡级 code and name of each town, by county code."""

_GENERIC = ("城关", "东关", "西关", "南关", "北关", "新集", "老集", "河口", "桥头", "长岭")
GENERIC_TOWNS = tuple((f"{100 + i:03d}", f"{name}镇") for i, name in enumerate(_GENERIC))
"""Towns for a county the built-in list does not know."""

VILLAGE_WORDS = (
    "王营",
    "李湾",
    "张岗",
    "刘庄",
    "陈楼",
    "杨店",
    "黄井",
    "新河",
    "柳林",
    "石桥",
    "大塘",
    "桃园",
    "梅岭",
    "草湖",
    "双庙",
    "东岗",
)
"""Village name stems (a village is '<stem>村')."""

OTHER_COUNTIES = ("411524", "411526", "411522", "341522", "320106", "440306")
"""Where migrant pupils' 户籍 (and so their ID's address code) comes from."""

ELSEWHERE_SCHOOLS = ("郑州市金水区文化路第一小学", "合肥市包河区实验学校", "苏州工业园区星海小学")
"""Schools outside the county where some of its children study (在外地就读)."""

WHEREABOUTS = ("在家", "随父母外出", "在亲戚家", "外出务工", "去向不明")
NEXT_STEPS = ("继续家访", "联系村委会共同劝返", "下发限期返校通知书", "安排学习帮扶", "电话跟进")
NOTES_FOR_AGE = ("该生因病休学一年后复学", "该生原在外地就读，回乡后降级就读", "晚入学两年，已核实")
