"""Opening an agency's OIT workspace for a year: one row per OIT item of the year's framework, again safely;
the rules on its rows hold on every path (models, the command, the agency backup)."""
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from agencies.models import Membership
from assessments.loading import framework_file, load_framework_file
from oit.access import can_edit
from oit.models import Status, Workspace
from oit.services import ItemChange, NoFramework, open_workspace, save_item


@pytest.fixture
def ita_2568(po):
    return load_framework_file(framework_file(2568))


@pytest.fixture
def workspace(po, ita_2568):
    return open_workspace(organization=po, year=2568)


def test_it_holds_every_oit_item_of_the_years_framework_in_order(workspace, ita_2568):
    codes = list(workspace.items.order_by("item__order").values_list("item__code", flat=True))

    assert codes == [f"O{n}" for n in range(1, 27)]
    assert set(workspace.items.values_list("status", flat=True)) == {Status.NOT_STARTED}


def test_opening_again_changes_nothing_and_adds_items_the_framework_gained(workspace, ita_2568):
    item = workspace.items.get(item__code="O3")
    save_item(item=item, change=ItemChange(status=Status.READY, note="ok", urls=["https://po.go.th/o3"]), by=None)
    ita_2568.items.create(indicator=ita_2568.indicators.get(number=10), code="O27", text="ใหม่", kind="pass_fail",
                          order=999)

    again = open_workspace(organization=workspace.organization, year=2568)

    assert again == workspace and workspace.items.count() == 27
    assert workspace.items.get(item__code="O3").status == Status.READY


def test_a_year_without_its_framework_cannot_be_opened(po):
    with pytest.raises(NoFramework):
        open_workspace(organization=po, year=2570)
    assert not Workspace.objects.exists()


def test_an_item_of_another_framework_or_a_division_of_another_agency_is_refused(workspace, other_org, po):
    row = workspace.items.first()
    row.item = load_framework_file(framework_file(2569)).items.get(code="O1")
    with pytest.raises(ValidationError, match="ITA 2568"):
        row.full_clean()

    row.refresh_from_db()
    row.division = other_org.divisions.first()
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "division" in error.value.message_dict


def test_a_link_that_is_not_a_web_address_is_refused_and_nothing_saved(workspace):
    item = workspace.items.get(item__code="O1")

    with pytest.raises(ValidationError):
        save_item(item=item, change=ItemChange(status=Status.READY, note="x",
                                               urls=["https://po.go.th/a", "javascript:alert(1)"]), by=None)

    item.refresh_from_db()
    assert (item.status, item.links.count()) == (Status.NOT_STARTED, 0)


def test_staff_edit_their_divisions_items_admins_every_item_executives_none(workspace, people, po):
    item = workspace.items.get(item__code="O1")
    item.division = po.divisions.get(name="สำนักปลัด")

    def member(name):
        return Membership.objects.get(user=people[name], organization=po)

    assert can_edit(member("owner"), item) and can_edit(member("admin"), item)
    assert not can_edit(member("neighbour"), item) and not can_edit(member("executive"), item)
    item.division = None
    assert not can_edit(member("owner"), item) and can_edit(member("admin"), item)


def run(*args):
    out = StringIO()
    try:
        call_command("open_workspace", *args, stdout=out)
        return 0, out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)


def test_the_command_opens_the_workspace_and_exits_2_without_a_framework(po, ita_2568):
    assert run("--org", "po", "--year", "2568") == (0, "OIT workspace po 2568: 26 items of ITA 2568.\n")
    assert run("--org", "po", "--year", "2571")[0] == 2
    assert run("--org", "nowhere", "--year", "2568")[0] == 2


def test_a_year_not_yet_opened_offers_admins_to_open_it(client, people, po, ita_2568):
    from django.urls import reverse

    board = reverse("oit-board", args=["po", 2568])
    client.force_login(people["owner"])
    page = client.get(board)
    assert page.status_code == 200 and b'action="/po/2568/oit/open/"' not in page.content
    assert client.post(reverse("oit-open", args=["po", 2568])).status_code == 403

    client.force_login(people["outsider"])
    assert client.get(board).status_code == 404
    assert client.post(reverse("oit-open", args=["po", 2568])).status_code == 404

    client.force_login(people["admin"])
    assert b'action="/po/2568/oit/open/"' in client.get(board).content
    assert client.post(reverse("oit-open", args=["po", 2568])).status_code == 302
    assert Workspace.objects.get(organization=po, year=2568).items.count() == 26
    assert client.get(board).context["overall"].total == 26
