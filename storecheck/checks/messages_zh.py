"""Findings in Chinese for the review pages and the API (``message_zh``).

The contract's ``message`` is English and stays so (tools outside the project read it). A
reviewer reads Chinese: each rule and verdict gets a Chinese sentence made from what every
finding carries, its rule, status and evidence boxes (one box per thing found). The English
message keeps the details (names read off badges, scores), so the page shows it too.

Example:
    >>> message_zh("hall.no_cleaning_tools", "violation", 2)
    '大厅发现2件清洁工具'
"""

from __future__ import annotations

from storecheck.checks.catalogue import CATALOGUE
from storecheck.contract import RULE_IDS

#: The contract's finding statuses, as the page says them.
STATUS_ZH = {"pass": "合格", "violation": "违规", "warning": "提醒", "indeterminate": "建议复核",
             "not_applicable": "不适用"}
#: Camera zones, as the page says them.
ZONE_ZH = {"hall": "大厅", "counter": "柜台", "star_desk": "星级专席", "window": "橱窗",
           "notice_board": "公示栏", "device_display": "终端体验台", "self_service": "自助服务区"}

#: (rule, status) -> (sentence with the count ``{n}``, sentence without: no evidence box).
_SENTENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("badge.worn", "violation"): ("{n}名员工未佩戴工号牌", "有员工未佩戴工号牌"),
    ("badge.worn", "indeterminate"): ("{n}名员工无法判断是否佩戴工号牌", "有员工无法判断是否佩戴工号牌"),
    ("badge.fields", "violation"): ("{n}个工号牌缺少姓名及职务或工号", "有工号牌缺少姓名及职务或工号"),
    ("badge.fields", "indeterminate"): ("{n}个工号牌看不清内容,无法判断", "有工号牌看不清内容,无法判断"),
    ("badge.pregnant", "violation"): ("{n}名花名册登记的孕妈妈未佩戴孕妈妈胸牌", "花名册登记的孕妈妈未佩戴孕妈妈胸牌"),
    ("badge.pregnant", "warning"): ("{n}个胸牌标有孕妈妈,但花名册未登记", "胸牌标有孕妈妈,但花名册未登记"),
    ("badge.pregnant", "indeterminate"): ("{n}个工号牌读不出姓名或工号,可能属于花名册登记的孕妈妈",
                                          "工号牌读不出姓名或工号,可能属于花名册登记的孕妈妈"),
    ("badge.intern", "violation"): ("{n}名花名册登记的实习生,工号牌未标“实习生”", "花名册登记的实习生,工号牌未标“实习生”"),
    ("badge.intern", "warning"): ("{n}个工号牌标有实习生,但花名册未登记为实习生", "工号牌标有实习生,但花名册未登记为实习生"),
    ("badge.intern", "indeterminate"): ("{n}个工号牌读不出姓名或工号,可能属于花名册登记的实习生",
                                        "工号牌读不出姓名或工号,可能属于花名册登记的实习生"),
    ("star_desk.sign", "violation"): ("星级专席未见标识牌", "星级专席未见标识牌"),
    ("star_desk.sign", "indeterminate"): ("星级专席标识牌无法确认(看不清、不完整或被遮挡)",
                                          "星级专席标识牌无法确认(看不清、不完整或被遮挡)"),
    ("window.posters", "violation"): ("橱窗宣传品超过上限(共{n}件)", "橱窗宣传品超过上限"),
    ("window.posters", "indeterminate"): ("橱窗未检测到宣传品,但有{n}处文字,请人工查看", "橱窗有大段文字,请人工查看"),
    ("hall.no_cleaning_tools", "violation"): ("大厅发现{n}件清洁工具", "大厅发现清洁工具"),
    ("hall.no_cleaning_tools", "indeterminate"): ("大厅疑似有{n}件清洁工具(置信度不足)", "大厅疑似有清洁工具(置信度不足)"),
    ("notices.displayed", "violation"): ("公示栏缺少必须公示的内容", "公示栏缺少必须公示的内容"),
    ("notices.displayed", "indeterminate"): ("公示内容文字太小或模糊,无法确认", "公示内容文字太小或模糊,无法确认"),
    ("community.commitments", "violation"): ("未公示服务范围或“当日装、当日修、慢必赔”承诺(未得加分)",
                                             "未公示服务范围或“当日装、当日修、慢必赔”承诺(未得加分)"),
    ("community.commitments", "indeterminate"): ("社区服务公示文字看不清,无法确认", "社区服务公示文字看不清,无法确认"),
    ("price_tags.fields", "violation"): ("{n}个终端商标牌缺少品牌型号、价格或产地", "有终端商标牌缺少品牌型号、价格或产地"),
    ("price_tags.fields", "indeterminate"): ("{n}个终端商标牌看不清,无法确认", "终端商标牌看不清,无法确认"),
    ("demo_phones.powered", "violation"): ("开机的体验手机数量不足({n}台未开机)", "开机的体验手机数量不足"),
    ("demo_phones.powered", "indeterminate"): ("体验台看不清,无法确认手机是否开机", "体验台看不清,无法确认手机是否开机"),
    ("itv.playing", "violation"): ("演示电视未正常播放(黑屏或无信号)", "演示电视未正常播放(黑屏或无信号)"),
    ("itv.playing", "indeterminate"): ("未找到演示电视,无法确认是否播放", "未找到演示电视,无法确认是否播放"),
    ("terminals.paused_notice", "violation"): ("{n}台疑似故障的自助终端未设置暂停使用提示(未得加分)",
                                               "有疑似故障的自助终端未设置暂停使用提示(未得加分)"),
    ("terminals.paused_notice", "indeterminate"): ("自助终端看不清,无法确认", "自助终端看不清,无法确认"),
    ("staff.uniform", "violation"): ("{n}名员工未穿统一工作服", "有员工未穿统一工作服"),
    ("staff.uniform", "indeterminate"): ("画面中员工不足两人,无法比较工作服", "画面中员工不足两人,无法比较工作服"),
}


def message_zh(rule: str, status: str, occurrences: int) -> str:
    """A Chinese sentence for a finding of ``rule`` with ``status`` and ``occurrences`` evidence
    boxes; where there is none for that pair, the rule's Chinese title and the status."""
    sentences = _SENTENCES.get((rule, status))
    if sentences is not None:
        with_count, without = sentences
        return with_count.format(n=occurrences) if occurrences > 0 else without
    title = CATALOGUE.rule(rule).title if rule in RULE_IDS else rule
    return f"{title}: {STATUS_ZH.get(status, status)}"
