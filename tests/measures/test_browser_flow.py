"""In a real browser: a staff member reports with a file, an executive approves the round, the public
sees it. Screenshots of each page at desktop and phone width go to $SCREENSHOTS (default /tmp/shots)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

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

SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/shots"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shoot(page, name: str) -> None:
    """Desktop and phone screenshots; on a phone nothing may stick out sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / f"{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)  # let the layout settle before a full-page capture
    page.screenshot(path=SHOTS / f"{name}-375.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a phone"
    page.set_viewport_size(DESKTOP)


def log_in(page, live_server, username: str, *, shot: str = "") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    if shot:
        shoot(page, shot)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/po/2568/")


def test_a_report_goes_from_the_form_to_the_public_page(page, live_server, po, tmp_path):
    log_in(page, live_server, "po-staff", shot="login")
    sync_api.expect(page.locator("h1")).to_contain_text("ปีงบประมาณ พ.ศ. 2568")
    shoot(page, "dashboard")

    own = page.locator("#own li", has_text="1.3")
    own.get_by_role("link", name="รายงานผล").click()
    page.wait_for_url("**/rounds/6/measures/1.3/*/")
    page.check("input[name=status][value=in_progress]")
    page.fill("#id_percent", "60")
    page.fill("#id_done", "มอบหมายเจ้าหน้าที่ตอบคำถามทาง Facebook และเว็บไซต์ทุกวันทำการ")
    page.fill("#id_result", "ตอบคำถามประชาชนแล้ว 48 เรื่อง")
    page.fill("#id_links", "https://www.facebook.com/po.sao")
    evidence = tmp_path / "สรุปคำถามประชาชน.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_files", str(evidence))
    shoot(page, "report-form")
    page.get_by_role("button", name="ส่งรายงาน").click()

    page.wait_for_url("**/po/2568/measures/1.3/**")
    sync_api.expect(page.locator(".messages")).to_contain_text("ส่งรายงานแล้ว")
    sync_api.expect(page.locator("#round-6")).to_contain_text("ตอบคำถามประชาชนแล้ว 48 เรื่อง")
    sync_api.expect(page.locator("#round-6")).to_contain_text("สรุปคำถามประชาชน.pdf")
    shoot(page, "measure")

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    log_in(page, live_server, "po-executive")
    page.goto(f"{live_server.url}/po/2568/rounds/6/")
    page.click("form[action$='/rounds/6/approve/'] button")
    sync_api.expect(page.locator(".messages")).to_contain_text("อนุมัติรอบรายงานแล้ว")
    shoot(page, "round")

    # A visitor who is not logged in, with an English browser: the agency's publication stays in Thai.
    public = page.context.browser.new_context(viewport=DESKTOP, locale="en-US")
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/public/po/2568/")
    section = visitor.locator("#round-6")
    sync_api.expect(section).to_contain_text("ตอบคำถามประชาชนแล้ว 48 เรื่อง")
    link = section.get_by_role("link", name="สรุปคำถามประชาชน.pdf")
    response = visitor.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert visitor.locator("a[href$='progress-6.pdf']").count() == 1
    shoot(visitor, "public")
    public.close()


def test_the_second_of_two_people_editing_a_report_is_told_and_keeps_their_text(browser, live_server, po):
    pages = []
    for username in ("po-staff", "po-admin"):
        context = browser.new_context(viewport=DESKTOP, locale="th-TH")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, username)
        page.goto(f"{live_server.url}/po/2568/")
        page.locator("#own li", has_text="1.4").get_by_role("link").last.click()
        page.wait_for_url("**/measures/1.4/*/")
        pages.append(page)
    first, second = pages
    first.fill("#id_done", "ฉบับของเจ้าหน้าที่")
    first.get_by_role("button", name="บันทึกร่าง").click()
    first.wait_for_url("**/measures/1.4/**")

    second.fill("#id_done", "ฉบับของผู้ดูแลระบบ")
    second.get_by_role("button", name="บันทึกร่าง").click()
    sync_api.expect(second.locator(".alert.error")).to_contain_text("มีผู้อื่นบันทึกรายงานนี้")
    sync_api.expect(second.locator(".alert.error")).to_contain_text("ฉบับของเจ้าหน้าที่")
    assert second.input_value("#id_done") == "ฉบับของผู้ดูแลระบบ"
    shoot(second, "conflict")
    for page in pages:
        page.context.close()
