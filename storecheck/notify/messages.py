"""Events as messages, in each sink's format: a JSON document for the generic webhook, markdown
for the 企业微信 and 钉钉 robots, a rich-text ``post`` for 飞书. The robots' messages are Chinese,
with a link to the evidence crop and to the review page (``link_base`` in the config).

Example:
    >>> body = render("wecom", "violation.confirmed", 7, {"store_id": "3301-001", "store_name": "城东营业厅",
    ...     "rule": "hall.no_cleaning_tools", "camera_id": "cam-hall", "evidence_count": 1,
    ...     "kind": "violation", "snapshot_id": "ab", "finding_id": 3, "order_id": 2,
    ...     "due_at": "2026-12-05T03:00:00+00:00"}, "https://sc.example.com", "Asia/Shanghai")
    >>> body["msgtype"], "整改单: #2" in body["markdown"]["content"]
    ('markdown', True)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.messages_zh import message_zh
from storecheck.store.followup_models import ORDER_STATUS_ZH

HEADLINES = {"violation.new": "发现违规", "violation.confirmed": "违规已确认，请整改", "order.overdue": "整改单逾期",
             "camera.offline": "摄像头离线", "digest": "每日汇总"}


def links(payload: dict[str, Any], link_base: str) -> dict[str, str]:
    """Where a reader goes next: the evidence crop (the review page's cookie lets a signed-in
    reviewer open it), the review queue, the store page."""
    base, store = link_base.rstrip("/"), payload["store_id"]
    found = {"review": f"{base}/review?store_id={store}", "store": f"{base}/review/stores/{store}"}
    if payload.get("snapshot_id"):
        crop = f"?crop={payload['finding_id']}" if payload.get("finding_id") is not None else "?annotate=1"
        found["evidence"] = f"{base}/api/v1/snapshots/{payload['snapshot_id']}/image{crop}"
    return found


def _local(iso: str | None, timezone: str) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def digest_lines(payload: dict[str, Any], timezone: str) -> list[tuple[str, str]]:
    """A day's digest: what the sink would have been told one by one, counted."""
    counts, orders = payload["counts"], payload.get("orders", {})
    by_rule = "、".join(f"{CATALOGUE.rule(rule).title}×{n}" for rule, n in payload.get("new_by_rule", {}).items())
    return [
        ("门店", f"{payload['store_name']} ({payload['store_id']})"),
        ("时段", f"{_local(payload['since'], timezone)} ~ {_local(payload['until'], timezone)}"),
        ("新违规", f"{counts['violation.new']} 项" + (f" ({by_rule})" if by_rule else "")),
        ("已确认", f"{counts['violation.confirmed']} 项"),
        ("新逾期整改单", f"{counts['order.overdue']} 张"),
        ("摄像头离线", f"{counts.get('camera.offline', 0)} 次"),
        ("未完成整改单", f"{orders.get('active', 0)} 张，其中逾期 {orders.get('overdue', 0)} 张"),
    ]


def lines(kind: str, payload: dict[str, Any], timezone: str) -> list[tuple[str, str]]:
    """(label, value) lines of the message, in Chinese."""
    if kind == "digest":
        return digest_lines(payload, timezone)
    rule = payload.get("rule")
    found: list[tuple[str, str]] = [("门店", f"{payload['store_name']} ({payload['store_id']})")]
    if rule:
        found.append(("规则", f"{CATALOGUE.rule(rule).title} ({rule})"))
    if payload.get("camera_id"):
        found.append(("摄像头", payload["camera_id"]))
    if "evidence_count" in payload:
        found.append(("发现", message_zh(rule or "", payload.get("kind", "violation"), payload["evidence_count"])))
    if payload.get("captured_at"):
        found.append(("抓拍时间", _local(payload["captured_at"], timezone)))
    if payload.get("order_id") is not None:
        found.append(("整改单", f"#{payload['order_id']} {ORDER_STATUS_ZH.get(payload.get('order_status', ''), '')}"))
        found.append(("整改期限", _local(payload.get("due_at"), timezone)))
    if payload.get("assignee"):
        found.append(("负责人", payload["assignee"]))
    if payload.get("by"):
        found.append(("复核人", payload["by"]))
    if payload.get("dark_since"):
        found.append(("离线起始", payload["dark_since"]))
    if payload.get("last_error"):
        found.append(("错误", payload["last_error"]))
    return found


def title(kind: str, payload: dict[str, Any]) -> str:
    return f"【{HEADLINES.get(kind, kind)}】{payload['store_name']}"


def markdown(kind: str, payload: dict[str, Any], link_base: str, timezone: str) -> str:
    """The robots' markdown (the subset 企业微信 and 钉钉 both render: bold, quotes, links)."""
    text = [f"**{title(kind, payload)}**", ""]
    text += [f"> {label}: {value}" for label, value in lines(kind, payload, timezone)]
    found = links(payload, link_base)
    text += ["", " ".join(f"[{name}]({found[key]})" for key, name in (("evidence", "查看证据"), ("review", "复核页"),
                                                                      ("store", "门店页")) if key in found)]
    return "\n".join(text)


def render(sink_kind: str, event_kind: str, event_id: int, payload: dict[str, Any], link_base: str,
           timezone: str) -> dict[str, Any]:
    """The body to POST to a sink of ``sink_kind`` (signatures are added when it is sent)."""
    if sink_kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": markdown(event_kind, payload, link_base, timezone)}}
    if sink_kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title(event_kind, payload),
                                                    "text": markdown(event_kind, payload, link_base, timezone)}}
    if sink_kind == "feishu":
        found = links(payload, link_base)
        rows: list[list[dict[str, str]]] = [[{"tag": "text", "text": f"{label}: {value}"}]
                                            for label, value in lines(event_kind, payload, timezone)]
        rows.append([{"tag": "a", "text": name, "href": found[key]}
                     for key, name in (("evidence", "查看证据"), ("review", "复核页")) if key in found])
        return {"msg_type": "post", "content": {"post": {"zh_cn": {"title": title(event_kind, payload), "content": rows}}}}
    return {"event": event_kind, "event_id": event_id, "title": title(event_kind, payload),
            "lines": dict(lines(event_kind, payload, timezone)), "links": links(payload, link_base), "data": payload}
