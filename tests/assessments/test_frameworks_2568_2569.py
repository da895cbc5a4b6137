"""The ITA 2568 and 2569 frameworks load from their data files, again with no change, and say what is unconfirmed."""
import tomllib
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from assessments.loading import DATA_DIR, framework_file, load_all_frameworks, load_framework, load_framework_file
from assessments.models import Band, Framework, Indicator, Item, ItemSuccessor, SubIndicator, Tool

MODELS = [Framework, Band, Tool, Indicator, SubIndicator, Item, ItemSuccessor]


def snapshot():
    return {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS}


@pytest.fixture
def frameworks(db):
    return {framework.year: framework for framework in load_all_frameworks()}


def test_both_files_load_and_load_again_with_no_change(frameworks):
    first = snapshot()

    load_all_frameworks()

    assert snapshot() == first
    assert {2566, 2567, 2568, 2569} <= set(frameworks)


@pytest.mark.parametrize("year", [2568, 2569])
def test_every_item_of_the_file_is_loaded_with_its_code_and_title(frameworks, year):
    with open(framework_file(year), "rb") as f:
        data = tomllib.load(f)
    listed = [item for tool in data["tools"] for indicator in tool["indicators"] for item in indicator["items"]]

    loaded = {item.code: item for item in frameworks[year].items.all()}

    assert list(loaded) == [item["code"] for item in listed]
    assert all(item.text for item in loaded.values())
    assert {code for code, item in loaded.items() if not item.confirmed} == {
        item["code"] for item in listed if item.get("confirmed") is False}


def test_unconfirmed_titles_and_groupings_are_marked_not_invented(frameworks):
    items_2569 = {item.code: item for item in frameworks[2569].items.all()}

    assert items_2569["O25"].confirmed and items_2569["O26"].confirmed
    assert not any(items_2569[code].confirmed for code in ("O2", "O5", "O6", "O7"))
    assert "ยังไม่ยืนยัน" in items_2569["O2"].text
    assert not items_2569["I1"].confirmed and "2567" in items_2569["I1"].source
    assert not frameworks[2569].indicators.filter(confirmed=True).exists()
    assert not SubIndicator.objects.filter(indicator__framework__year__in=[2568, 2569]).exists()
    assert frameworks[2567].items.filter(confirmed=False).count() == 0


def test_item_roles_name_the_measures_document_and_its_report(frameworks):
    def roles(year):
        return dict(frameworks[year].items.exclude(role="").values_list("role", "code"))

    assert roles(2569) == {"measures_document": "O25", "progress_report": "O26"}
    assert roles(2567) == {"measures_document": "O34", "progress_report": "O35"}
    assert roles(2568) == {}


def test_the_rating_rule_is_data_five_levels_since_2568_and_aa_to_f_before(frameworks):
    def bands(year):
        return [(b.code, b.min_score, b.tool_min) for b in frameworks[year].bands.all()]

    assert [(code, int(low), tool and int(tool)) for code, low, tool in bands(2569)] == [
        ("ผ่านดีเยี่ยม", 95, 95), ("ผ่านดี", 85, 85), ("ผ่าน", 85, None), ("ต้องปรับปรุง", 70, None),
        ("ต้องปรับปรุงโดยด่วน", 0, None)]
    assert [code for code, *_ in bands(2567)] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert all(tool is None for *_, tool in bands(2567))


def test_a_framework_file_may_not_map_from_a_code_the_earlier_year_lacks(frameworks):
    data = {"year": 2570, "name": "ITA 2570", "tools": [{"code": "OIT", "name": "OIT", "weight": 100, "indicators": [
        {"number": 9, "name": "x", "items": [{"code": "O1", "text": "x"}]}]}],
        "item_map": [{"from_year": 2569, "pairs": [{"from": "O99", "to": "O1"}]}]}

    with pytest.raises(ValueError, match="O99 is not an item of ITA 2569"):
        load_framework(data)

    assert not Framework.objects.filter(year=2570).exists()


def test_a_map_from_a_year_not_loaded_is_skipped_with_a_warning(db):
    warnings = []

    load_framework_file(framework_file(2569), warn=warnings.append)

    assert any("ITA 2568" in w and "load ita2568.toml first" in w for w in warnings)
    assert not ItemSuccessor.objects.exists()


def test_the_command_loads_earlier_years_first_and_counts_what_is_unconfirmed(db):
    out = StringIO()

    call_command("load_framework", str(framework_file(2569)), str(framework_file(2568)),
                 str(framework_file(2567)), stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["Loaded ITA 2567", "Loaded ITA 2568", "Loaded ITA 2569"]
    assert "roles: measures_document O25, progress_report O26" in lines[2]
    assert "28 unconfirmed (I1," in lines[2]
    assert not any("Warning" in line for line in lines)


def test_the_command_refuses_a_broken_file_and_loads_nothing(db, tmp_path):
    broken = tmp_path / "ita2570.toml"
    broken.write_text('year = 2570\nname = "ITA 2570"\n', encoding="utf-8")

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_framework", str(framework_file(2567)), str(broken), stdout=StringIO())

    assert not Framework.objects.exists()


def test_the_data_folder_holds_the_four_years():
    assert sorted(path.name for path in DATA_DIR.glob("ita*.toml")) == [
        "ita2566.toml", "ita2567.toml", "ita2568.toml", "ita2569.toml"]
