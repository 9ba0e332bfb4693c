"""The review page in a real headless Chromium (Debian's, driven by Playwright; no browser is
downloaded) against a live uvicorn: log in, dismiss one violation with a reason and confirm
another with the keyboard, and see the store's score change."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from fastapi import FastAPI

from storecheck.api.main import create_app
from storecheck.store.camera_health import save_reports
from storecheck.store.db import transaction
from storecheck.store.keys import create_key
from tests.servicekit import (
    insert_analysed,
    make_settings,
    mop_and_badge_result,
    result_with,
    seed_stores,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium not installed (make system-deps)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_app(tmp_path: Path, database_url: str) -> FastAPI:
    """The app with store A's mop snapshot analysed and its cameras' health reported."""
    app = create_app(make_settings(tmp_path / "home", database_url, workers=0), start_queue=False)
    service = app.state.service
    seed_stores(service)
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    with transaction(service.factory) as session:
        save_reports(session, "store-a", {
            "store-a-hall": {"state": "ok", "last_success": "2026-11-25T08:00:00+00:00"},
            "store-a-window": {"state": "offline", "last_error": "rtsp: connection refused"},
        })
    return app


@pytest.fixture
def live_service(live_app: FastAPI) -> Iterator[tuple[str, str]]:
    """``live_app`` served on loopback; yields (url, reviewer key)."""
    app = live_app
    with transaction(app.state.service.factory) as session:
        key = create_key(session, "reviewer", ["store-a"], name="审核员甲")[1]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    server.should_exit = True
    thread.join(10)


def test_review_queue_in_chromium(live_service: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, key = live_service
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(f"{url}/review")
        expect(page).to_have_url(f"{url}/login")
        page.fill("input[name=key]", key)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{url}/review")

        page.goto(f"{url}/review/stores/store-a")
        expect(page.locator("table.scores td.mean").first).to_have_text("96.00")
        cameras = page.locator("table.cameras")
        expect(cameras.locator("tr[data-camera=store-a-hall] .state")).to_have_text("正常")
        expect(cameras.locator("tr[data-camera=store-a-window] .state")).to_have_text("离线")
        expect(cameras.locator("tr[data-camera=store-a-window]")).to_contain_text("rtsp: connection refused")
        expect(cameras.locator("tr[data-camera=store-a-counter] .state")).to_have_text("未上报")

        page.goto(f"{url}/review")
        items = page.locator("article.item")
        expect(items).to_have_count(2)
        mop, person = items.nth(0), items.nth(1)
        expect(mop).to_contain_text("hall.no_cleaning_tools")
        expect(person.locator(".tag.hint")).to_have_text("建议复核")
        expect(mop.locator(".clause")).not_to_be_empty()
        page.wait_for_function("document.querySelector('article.item img.crop').naturalWidth > 0")

        # Dismiss needs a reason: D alone only asks for one.
        page.keyboard.press("d")
        expect(mop.locator(".feedback")).to_have_text("驳回需要填写原因")
        page.keyboard.type("是员工的雨伞,不是拖把")
        page.keyboard.press("Enter")
        expect(mop.locator("[data-status-text]")).to_have_text("已驳回")
        expect(person).to_have_class("item selected")  # moved on to the next open item
        page.keyboard.press("c")
        expect(person.locator("[data-status-text]")).to_have_text("已确认")
        page.keyboard.press("f")
        page.wait_for_function("document.querySelectorAll('article.item img.full')[1].naturalWidth > 0")

        page.goto(f"{url}/review/stores/store-a")
        # The mop's 4 points came back, the confirmed 建议复核 item cost badge.worn's 2.
        expect(page.locator("table.scores td.mean").first).to_have_text("98.00")
        page.goto(f"{url}/review?status=dismissed")
        expect(page.locator("article.item .history")).to_contain_text("是员工的雨伞,不是拖把")
        browser.close()


@pytest.fixture
def review_page(live_service: tuple[str, str]) -> Iterator[tuple[Page, str]]:
    """A Chromium page signed in as the reviewer, on the review queue; yields (page, base url)."""
    from playwright.sync_api import expect, sync_playwright

    url, key = live_service
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(f"{url}/login")
        page.fill("input[name=key]", key)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{url}/review")
        yield page, url
        browser.close()


def test_d_then_enter_on_an_empty_reason_dismisses_nothing(review_page: tuple[Page, str]) -> None:
    from playwright.sync_api import expect

    page, url = review_page
    mop = page.locator("article.item").first
    reason = mop.locator(".reason")
    page.keyboard.press("d")
    expect(reason).to_be_focused()
    expect(reason).to_have_value("")  # the shortcut's own "d" is not the reason
    page.keyboard.press("Enter")
    expect(mop.locator(".feedback")).to_have_text("驳回需要填写原因")
    page.keyboard.type("   ")
    page.keyboard.press("Enter")
    expect(mop.locator(".feedback")).to_have_text("驳回需要填写原因")
    expect(mop.locator("[data-status-text]")).to_have_text("待复核")
    assert page.request.get(f"{url}/api/v1/violations/{mop.get_attribute('data-id')}").json()["status"] == "open"


def test_a_typed_reason_is_stored_exactly_and_its_letters_trigger_no_shortcut(review_page: tuple[Page, str]) -> None:
    from playwright.sync_api import expect

    page, url = review_page
    mop, person = page.locator("article.item").nth(0), page.locator("article.item").nth(1)
    page.keyboard.press("d")
    typed = "d: 是员工的雨伞 (c, j, k, f)"
    page.keyboard.type(typed)
    expect(person.locator("[data-status-text]")).to_have_text("待复核")  # "c" typed: nothing confirmed
    expect(mop).to_have_class("item selected")  # "j" typed: the selection stayed
    page.keyboard.press("Enter")
    expect(mop.locator("[data-status-text]")).to_have_text("已驳回")
    stored = page.request.get(f"{url}/api/v1/violations/{mop.get_attribute('data-id')}").json()
    assert stored["status"] == "dismissed" and stored["reviews"][-1]["reason"] == typed


def test_no_card_shows_a_broken_image_and_f_shows_and_hides_the_full_one(review_page: tuple[Page, str]) -> None:
    from playwright.sync_api import expect

    page, _ = review_page
    page.wait_for_function("document.querySelector('article.item img.crop').naturalWidth > 0")
    broken = "Array.from(document.querySelectorAll('article.item img')).filter(i => i.checkVisibility() && i.complete && i.naturalWidth === 0).length"
    assert page.evaluate(broken) == 0
    full = page.locator("article.item").first.locator("img.full")
    expect(full).to_be_hidden()
    page.keyboard.press("f")
    expect(full).to_be_visible()
    page.wait_for_function("document.querySelector('article.item img.full').naturalWidth > 0")
    page.keyboard.press("f")
    expect(full).to_be_hidden()
    page.keyboard.press("f")
    expect(full).to_be_visible()


def test_each_evidence_box_gets_its_own_crop(live_app: FastAPI, review_page: tuple[Page, str]) -> None:
    from playwright.sync_api import expect

    page, _ = review_page
    badges = [[100.0, 100.0, 160.0, 140.0], [1700.0, 120.0, 1760.0, 160.0]]  # far apart
    insert_analysed(live_app.state.service, "store-a", "counter", result_with(zone="counter", findings=[
        {"rule": "badge.fields", "status": "violation", "message": "2 badges without a name",
         "evidence": badges, "deduction": 2.0}]))
    page.reload()
    crops = page.locator("article.item", has_text="badge.fields").locator("img.crop")
    expect(crops).to_have_count(2)
    for i in range(2):
        crops.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=crops.nth(i).element_handle())
        width, height = crops.nth(i).evaluate("img => [img.naturalWidth, img.naturalHeight]")
        assert width < 1920 / 4 and 0.5 <= width / height <= 2.0
