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
