"""The OIT board: every item with its division, status, evidence and last link check; progress per indicator;
filters; and who sees and edits what."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessments.loading import framework_file, load_framework_file
from oit.models import LinkStatus, Status
from oit.services import open_workspace
from tests.oit.conftest import board_url, item_url

WHEN = datetime.datetime(2025, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def page(login, people, assigned):
    def get(user="owner", url=board_url(), **params):
        response = login(people[user]).get(url, params)
        assert response.status_code == 200
        return response.content.decode()
    return get


def row(html: str, code: str) -> str:
    """One item's row of the board."""
    start = html.index(f'id="item-{code}"')
    ends = [i for i in (html.find('<li id="item-', start + 1), html.find("</ul>\n</section>", start)) if i > 0]
    return html[start:min(ends)]


def test_it_lists_every_oit_item_of_the_year_with_its_division_and_status(page, workspace):
    html = page()
    assert "รายการตรวจ OIT การประเมิน ITA 2568" in html
    for code in ("O1", "O12", "O26"):
        assert f'id="item-{code}"' in html
    # Only OIT items: no row of a survey item (a bare "I1" could be part of the page's random CSRF token).
    assert 'id="item-I1"' not in html and 'id="item-E1"' not in html
    assert html.count('class="oit-row') == 26
    assert "โครงสร้างและอำนาจหน้าที่" in row(html, "O1")
    assert "สำนักปลัด" in row(html, "O1")
    assert "กองคลัง" in row(html, "O12")
    assert "ยังไม่กำหนด" in row(html, "O4")
    assert "ยังไม่เริ่ม" in row(html, "O1")


def test_it_needs_a_login(client, assigned):
    response = client.get(board_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_agencys_member_gets_404(login, people, assigned):
    assert login(people["outsider"]).get(board_url()).status_code == 404


def test_a_year_without_a_workspace_says_so_and_a_year_not_loaded_cannot_be_opened(login, people, assigned):
    response = login(people["admin"]).get(board_url(2569))

    assert response.status_code == 200 and "oit/not_opened.html" in [t.name for t in response.templates]
    assert response.context["framework"] is None and b"/oit/open/" not in response.content


def test_staff_see_every_item_but_edit_only_their_divisions(page):
    html = page("owner")
    assert 'class="oit-row own"' in html
    assert html.count('class="oit-row own"') == 3
    assert item_url("O1") in row(html, "O1") and "แก้ไข</a>" in row(html, "O1")
    assert "แก้ไข</a>" not in row(html, "O12")
    assert "แก้ไข</a>" not in row(html, "O4")
    neighbour = page("neighbour")
    assert "แก้ไข</a>" in row(neighbour, "O12")
    assert "แก้ไข</a>" not in row(neighbour, "O1")


def test_admins_may_edit_every_item_and_executives_none(page):
    admin = page("admin")
    assert "แก้ไข</a>" in row(admin, "O12") and "แก้ไข</a>" in row(admin, "O4")
    executive = page("executive")
    assert 'id="item-O26"' in executive
    assert "แก้ไข</a>" not in executive


def test_the_progress_bars_count_ready_items_per_indicator_and_overall(page, workspace):
    workspace.items.filter(item__code__in=["O1", "O2", "O21"]).update(status=Status.READY)
    workspace.items.filter(item__code="O3").update(status=Status.IN_PROGRESS)
    html = page("executive")
    progress = html[html.index('class="panel oit-progress"'):html.index("</section>", html.index("oit-progress"))]
    assert "3/26" in progress
    assert "(12%)" in progress
    nine = progress[progress.index("9. การเปิดเผยข้อมูล"):progress.index("10. การป้องกันการทุจริต")]
    assert "2/20" in nine
    assert 'value="10"' in nine
    assert "1/6" in progress[progress.index("10. การป้องกันการทุจริต"):]


def test_the_progress_bars_break_an_indicator_into_its_sub_indicators(login, people, po):
    load_framework_file(framework_file(2567))
    workspace = open_workspace(organization=po, year=2567)
    workspace.items.filter(item__code__in=["O1", "O2", "O7"]).update(status=Status.READY)
    html = login(people["executive"]).get(board_url(2567)).content.decode()
    progress = html[html.index('class="panel oit-progress"'):]
    sub = progress[progress.index("9.1 "):progress.index("9.2 ")]
    assert "2/6" in sub
    assert "1/7" in progress[progress.index("9.2 "):progress.index("9.3 ")]
    assert "oit-sub" in progress


def test_it_filters_to_my_divisions_items_and_by_status(page, workspace):
    workspace.items.filter(item__code="O2").update(status=Status.READY)
    mine = page("owner", show="mine")
    assert mine.count('class="oit-row') == 3
    assert 'id="item-O12"' not in mine
    ready = page("owner", status="ready")
    assert ready.count('class="oit-row') == 1 and 'id="item-O2"' in ready
    both = page("owner", show="mine", status="not_started")
    assert both.count('class="oit-row') == 2
    assert page("owner", status="nonsense").count('class="oit-row') == 26


def test_each_link_shows_its_last_check_and_since_when_it_is_broken(page, workspace, po):
    o1 = workspace.items.get(item__code="O1")
    o1.links.create(url="https://www.po.go.th/structure", order=0)
    o1.links.create(url="https://www.po.go.th/gone", order=1)
    o1.links.create(url="https://www.po.go.th/new", order=2)
    LinkStatus.objects.create(organization=po, url="https://www.po.go.th/structure", checked_at=WHEN, ok=True,
                              status_code=200)
    LinkStatus.objects.create(organization=po, url="https://www.po.go.th/gone", checked_at=WHEN, ok=False,
                              status_code=404, broken_since=WHEN - datetime.timedelta(days=5))
    html = row(page(), "O1")
    assert "ตรวจล่าสุด 2 มี.ค. 2568 ใช้งานได้" in html
    assert "ตรวจล่าสุด 2 มี.ค. 2568 เสีย (404)" in html
    assert "เสียตั้งแต่ 25 ก.พ. 2568" in html
    assert "ยังไม่ได้ตรวจ" in html


def test_another_agencys_check_of_the_same_url_is_not_shown(page, workspace, other_org):
    workspace.items.get(item__code="O1").links.create(url="https://www.po.go.th/structure")
    LinkStatus.objects.create(organization=other_org, url="https://www.po.go.th/structure", checked_at=WHEN,
                              ok=False, status_code=500)
    html = row(page(), "O1")
    assert "เสีย" not in html and "ยังไม่ได้ตรวจ" in html


def test_it_shows_the_last_change_and_the_evidence_files(login, people, page, workspace):
    login(people["owner"]).post(item_url("O1"), {"status": "in_progress", "links": "", "note": "รอภาพผังองค์กร"})
    html = row(page("executive"), "O1")
    assert "แก้ไขล่าสุดโดย owner" in html
    assert "รอภาพผังองค์กร" in html


def test_the_dashboard_links_to_the_board_of_its_year(login, people, po, framework_2568):
    dashboard = reverse("measures-dashboard", args=["po", 2568])
    assert board_url() in login(people["owner"]).get(dashboard).content.decode()


def test_the_board_links_to_the_exports_and_the_public_page(page):
    html = page()
    assert reverse("oit-export", args=["po", 2568, "xlsx"]) in html
    assert reverse("oit-export", args=["po", 2568, "csv"]) in html
    assert reverse("oit-public", args=["po", 2568]) in html
