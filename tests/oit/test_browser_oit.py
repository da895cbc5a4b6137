"""In a real browser: a staff member marks their division's item ready with a link; an executive reads the
board's progress on a phone. Screenshots go to /tmp/oit-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from oit.models import Status, WorkspaceItem
from tests.browser import (  # noqa: F401 (fixtures)
    sync_api,
    DESKTOP,
    PHONE,
    PASSWORD,
    allow_sync_orm_beside_playwright,
    browser,
    page,
)

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/po/2568/")


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def test_staff_mark_their_item_ready_and_an_executive_sees_the_progress_on_a_phone(
    browser, page, live_server, workspace, palad
):
    assert get_user_model().objects.filter(username="po-staff").exists()
    workspace.items.filter(item__code__in=["O1", "O3", "O21"]).update(division=palad)

    log_in(page, live_server, "po-staff")
    page.get_by_role("link", name="รายการตรวจ OIT").click()
    page.wait_for_url("**/po/2568/oit/")
    sync_api.expect(page.locator("h1")).to_contain_text("รายการตรวจ OIT การประเมิน ITA 2568")
    sync_api.expect(page.locator("#item-O1")).to_have_class("oit-row own")
    page.screenshot(path=SHOTS / "oit-board-staff-1280.png", full_page=True)

    page.locator("#item-O1").get_by_role("link", name="แก้ไข").click()
    page.wait_for_url("**/po/2568/oit/O1/")
    page.check("input[name=status][value=ready]")
    page.fill("#id_links", "www.po.go.th/about/structure")
    page.fill("#id_note", "ผังโครงสร้างปรับปรุงเมื่อ ต.ค. 2567")
    page.screenshot(path=SHOTS / "oit-item-form-1280.png", full_page=True)
    page.get_by_role("button", name="บันทึก").click()

    page.wait_for_url("**/po/2568/oit/#item-O1")
    sync_api.expect(page.locator(".messages")).to_contain_text("บันทึก O1 แล้ว")
    row = page.locator("#item-O1")
    sync_api.expect(row).to_contain_text("พร้อมส่ง")
    sync_api.expect(row.get_by_role("link", name="https://www.po.go.th/about/structure")).to_be_visible()
    item = WorkspaceItem.objects.get(workspace=workspace, item__code="O1")
    assert item.status == Status.READY
    page.screenshot(path=SHOTS / "oit-board-saved-1280.png", full_page=True)

    phone = browser.new_context(viewport=PHONE, locale="th-TH", is_mobile=True, has_touch=True)
    executive = phone.new_page()
    executive.set_default_timeout(15_000)
    log_in(executive, live_server, "po-executive")
    executive.goto(f"{live_server.url}/po/2568/oit/")
    progress = executive.locator(".oit-progress")
    sync_api.expect(progress).to_contain_text("1/26")
    sync_api.expect(progress.locator("progress")).to_have_count(3)
    assert progress.locator(".oit-indicator").first.inner_text().split()[-1] == "1/20"
    sync_api.expect(executive.locator("#item-O1 a.button")).to_have_count(0)
    no_sideways_scroll(executive)
    executive.screenshot(path=SHOTS / "oit-board-executive-375.png", full_page=False)
    executive.screenshot(path=SHOTS / "oit-board-executive-375-full.png", full_page=True)

    executive.goto(f"{live_server.url}/public/po/2568/oit/")
    sync_api.expect(executive.locator("#O1")).to_contain_text("https://www.po.go.th/about/structure")
    no_sideways_scroll(executive)
    executive.screenshot(path=SHOTS / "oit-public-375.png", full_page=True)
    phone.close()
