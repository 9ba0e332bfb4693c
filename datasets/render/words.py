"""The words the generator writes: names, employee ids, titles, sign and poster texts."""

from __future__ import annotations

import numpy as np

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉飞建林波宁欣怡婷雪琳晨宇浩然子轩雨涵梓萱思佳文博一诺梦瑶嘉豪俊凯晓东海燕春梅丹凤云龙斌鑫颖琪璐倩"
TITLES = ("营业员", "店长", "值班经理", "客户经理", "厅经理", "综合柜员", "引导员", "理财经理", "装维经理", "营业厅主任")
STAR_SIGNS = ("星级专席", "星级服务专区", "星级客户专席", "星级服务专席", "星级客户服务专区")
OTHER_DESK = ("业务受理", "综合业务", "咨询台", "暂停服务", "缴费专席", "宽带业务", "政企服务", "手机体验区", "自助服务区", "爱心专席")
LED_OTHER = ("欢迎光临中国电信", "5G畅享套餐火热办理中", "天翼宽带 千兆光网", "请取号排队 依次办理", "翼支付 便民缴费")
POSTER_LINES = (
    ("5G", "畅享套餐"), ("千兆宽带", "限时特惠"), ("天翼云盘",), ("新品手机", "首发"), ("翼支付", "满减"),
    ("全家享", "融合套餐"), ("以旧换新",), ("天翼高清",), ("校园卡", "开学季"), ("流量包", "5折"),
    ("国际漫游", "出行无忧"), ("FTTR", "全屋光宽带"), ("合约机", "0元购"), ("话费充值",),
)
WALL_TEXT = ("中国电信", "China Telecom", "服务承诺", "在售套餐资费表", "实名制公告", "用户信息保护", "意见簿", "便民服务", "排队叫号", "Wi-Fi", "饮用水")


def person_name(rng: np.random.Generator) -> str:
    n_given = 1 if rng.random() < 0.35 else 2
    return SURNAMES[rng.integers(len(SURNAMES))] + "".join(
        GIVEN[rng.integers(len(GIVEN))] for _ in range(n_given)
    )


def employee_id(rng: np.random.Generator) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, 8))


def pick(rng: np.random.Generator, items: tuple) -> object:
    return items[int(rng.integers(len(items)))]

# The four notices a hall must post (the canonical name first, then wordings seen on real walls),
# and the keyword that gives each away: no other sheet's text may hold another notice's keyword.
REQUIRED_NOTICES: dict[str, tuple[str, ...]] = {
    "服务承诺": ("服务承诺", "服务承诺书", "中国电信服务承诺"),
    "在售套餐资费表": ("在售套餐资费表", "资费公示", "套餐资费一览表", "在售资费公示"),
    "实名制公告": ("实名制公告", "实名制登记公告", "电话用户实名登记公告"),
    "个人用户信息保护": ("个人用户信息保护", "个人信息保护", "用户个人信息保护告知书", "个人信息保护政策"),
}
NOTICE_KEYWORDS: dict[str, str] = {"服务承诺": "服务承诺", "在售套餐资费表": "资费", "实名制公告": "实名", "个人用户信息保护": "信息保护"}
NOTICE_BODIES: dict[str, tuple[str, ...]] = {
    "服务承诺": ("一、首问负责，限时办结", "二、明码标价，收费透明", "三、业务办理一次告知", "四、故障修复限时到场",
                "五、投诉处理及时反馈", "六、尊重用户通信自由", "服务监督电话：10000"),
    "在售套餐资费表": ("5G畅享129元套餐 月费129元 流量30GB", "5G畅享199元套餐 月费199元 流量60GB",
                     "融合169元套餐 含千兆宽带", "流量包10元1GB 当月有效", "语音包10元100分钟",
                     "以上价格均为含税价", "详情请咨询营业员"),
    "实名制公告": ("根据《电话用户真实身份信息登记规定》", "办理入网须出示本人有效身份证件", "代办须出示双方有效证件",
                  "一证最多办理五张电话卡", "未登记的号码将限制通信", "感谢您的理解与配合"),
    "个人用户信息保护": ("我们严格遵守相关法律法规", "未经同意不向第三方提供您的信息", "业务单据当面销毁",
                     "员工签署保密承诺", "如有疑问请拨打10000", "复印件加注用途"),
}
DECOY_NOTICES: dict[str, tuple[str, ...]] = {
    "营业时间": ("周一至周日 9:00-18:00", "节假日正常营业", "午间不休息", "如有变动另行通知"),
    "温馨提示": ("请保管好随身物品", "请取号排队，依次办理", "地面湿滑，小心慢行", "请勿在厅内吸烟"),
    "防诈骗提醒": ("公检法不会电话办案", "不要向陌生账户转账", "谨防冒充客服退款", "可疑来电请拨打96110"),
    "5G套餐限时优惠": ("新入网用户首月免月费", "办理即送100GB流量", "活动时间：即日起至月底", "详询厅内工作人员"),
    "宽带新装特惠": ("千兆宽带 首年8折", "新装送智能路由器", "预约上门 当天开通", "详询厅内工作人员"),
    "业务办理须知": ("办理业务请携带有效证件", "请核对业务单据后签字", "请勿将密码告知他人", "谢谢合作"),
}
ISSUERS = ("中国电信股份有限公司", "中国电信营业厅", "中国电信城区分公司", "中国电信社区服务中心")
#: A community hall's or broadband centre's board: its title, the neighbourhoods it serves, the
#: staff who install and repair, and the commitment the standard asks for.
COMMUNITY_TITLES = ("服务承诺", "社区服务公示", "社区营维服务公示", "装维服务公示")
COMMITMENTS = "当日装、当日修、慢必赔"
PLACES = ("阳光", "幸福", "和平", "东湖", "锦绣", "翠苑", "金桥", "新华", "滨江", "梧桐", "紫荆", "长安", "明珠", "南山")
PLACE_KINDS = ("社区", "小区", "花园", "家园", "新村")
SERVICE_ITEMS = ("宽带新装", "移机", "故障维修", "手机业务办理", "天翼看家安装", "FTTR全屋光宽带")

#: Demo phones on a device table: (brand, model, plausible prices in yuan).
PHONES = (
    ("华为", "Mate 70", (5499, 6499)), ("华为", "Pura 70", (5499, 4999)), ("华为", "nova 13", (2699, 3199)),
    ("荣耀", "Magic7", (4499, 4999)), ("小米", "15", (4499, 4999)), ("小米", "Redmi K80", (2499, 2899)),
    ("OPPO", "Find X8", (4199, 4599)), ("OPPO", "Reno13", (2699, 2999)), ("vivo", "X200", (4299, 4699)),
    ("vivo", "S20", (2299, 2699)), ("苹果", "iPhone 16", (5999, 6999)), ("苹果", "iPhone 16 Pro", (7999, 8999)),
    ("中兴", "Axon 60", (1599, 1999)), ("一加", "13", (4499, 4899)), ("天翼", "1号 2024", (999, 1299)),
)
ORIGINS = ("中国", "广东东莞", "广东深圳", "河南郑州", "江苏昆山", "北京", "重庆", "浙江嘉兴", "湖南长沙")


def phone_number(rng: np.random.Generator) -> str:
    return "1" + str(pick(rng, ("33", "53", "73", "77", "80", "81", "89", "91", "99"))) + "".join(str(d) for d in rng.integers(0, 10, 8))
