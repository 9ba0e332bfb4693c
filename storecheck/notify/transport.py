"""One try of one delivery: sign the body the way the sink expects and POST it.

- ``webhook``: the body as UTF-8 JSON, ``X-Storecheck-Signature: sha256=<hex HMAC-SHA256 of the
  exact body bytes with the shared secret>``, plus ``X-Storecheck-Event`` and
  ``X-Storecheck-Delivery`` (the delivery id: the same on every retry, so a receiver can drop
  repeats).
- ``dingtalk`` with a secret (加签): ``timestamp`` (ms) and ``sign`` =
  base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")) added to the URL's query.
- ``feishu`` with a secret (签名校验): ``timestamp`` (s) and ``sign`` =
  base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", message="")) added to the body.
- The robots answer HTTP 200 with an error code in the JSON when they refuse a message (a bad
  signature, a rate limit): only code 0 counts as sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

import httpx

SIGNATURE_HEADER = "X-Storecheck-Signature"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    #: No retry can help (the sink is gone from the config): dead at once.
    final: bool = False


def sign_body(secret: str, body: bytes) -> str:
    """The webhook signature header's value: ``sha256=<hex>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's 加签: base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>")), not yet URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书's 签名校验: the key is "<timestamp>\\n<secret>", the message empty."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def prepare(kind: str, url: str, body: dict[str, Any], secret: str | None, *, event: str, delivery_id: int,
            now_s: float | None = None) -> tuple[str, bytes, dict[str, str]]:
    """(url, body bytes, headers) of one try."""
    now_s = time.time() if now_s is None else now_s
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if kind == "dingtalk" and secret:
        stamp = int(now_s * 1000)
        url += f"{'&' if '?' in url else '?'}timestamp={stamp}&sign={quote_plus(dingtalk_sign(secret, stamp))}"
    if kind == "feishu" and secret:
        stamp = int(now_s)
        body = {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp), **body}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    if kind == "webhook":
        headers.update({"X-Storecheck-Event": event, "X-Storecheck-Delivery": str(delivery_id)})
        if secret:
            headers[SIGNATURE_HEADER] = sign_body(secret, raw)
    return url, raw, headers


def post(client: httpx.Client, kind: str, url: str, body: dict[str, Any], secret: str | None, *, event: str,
         delivery_id: int, timeout_s: float) -> Outcome:
    """One try; never raises for what the network or the receiver does."""
    url, raw, headers = prepare(kind, url, body, secret, event=event, delivery_id=delivery_id)
    try:
        response = client.post(url, content=raw, headers=headers, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    if not 200 <= response.status_code < 300:
        return Outcome(False, response.status_code, f"HTTP {response.status_code}: {response.text[:300]}")
    if kind in ("wecom", "dingtalk", "feishu"):
        refused = _robot_error(response)
        if refused:
            return Outcome(False, response.status_code, refused)
    return Outcome(True, response.status_code)


def _robot_error(response: httpx.Response) -> str | None:
    try:
        answer = response.json()
    except ValueError:
        return f"not a robot's answer: {response.text[:200]}"
    if not isinstance(answer, dict):
        return f"not a robot's answer: {response.text[:200]}"
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, None):
        return f"robot refused: {code} {answer.get('errmsg') or answer.get('msg') or answer.get('StatusMessage') or ''}".strip()
    return None
