"""Seeds a framework from its data file (assessments/data/ita<year>.toml); safe to run again."""
from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from assessments.models import Band, Framework, Indicator, Item, ItemSuccessor, SubIndicator, Tool

DATA_DIR = Path(__file__).resolve().parent / "data"


def framework_file(year: int) -> Path:
    return DATA_DIR / f"ita{year}.toml"


def decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def confirmation(data: dict) -> dict:
    return {"confirmed": data.get("confirmed", True), "source": data.get("source", "")}


def load_framework_file(path: Path, *, warn=None) -> Framework:
    with open(path, "rb") as f:
        return load_framework(tomllib.load(f), warn=warn)


@transaction.atomic
def load_framework_files(paths, *, warn=None) -> list[Framework]:
    """Earlier years first, so that a later year's item map finds the items it starts from."""
    data = []
    for path in paths:
        with open(path, "rb") as f:
            data.append(tomllib.load(f))
    return [load_framework(d, warn=warn) for d in sorted(data, key=lambda d: d["year"])]


def load_all_frameworks(*, warn=None) -> list[Framework]:
    return load_framework_files(sorted(DATA_DIR.glob("ita*.toml")), warn=warn)


@transaction.atomic
def load_framework(data: dict, *, warn=None) -> Framework:
    framework, _ = Framework.objects.update_or_create(
        year=data["year"], agency_kind=data.get("agency_kind", ""),
        defaults={"name": data["name"], "pass_mark": Decimal(str(data.get("pass_mark", 85))),
                  "notes": data.get("notes", "").strip()},
    )
    for band in data.get("bands", []):
        Band.objects.update_or_create(
            framework=framework, code=band["code"],
            defaults={"min_score": decimal(band["min"]), "tool_min": decimal(band.get("tool_min"))},
        )
    # A role moves between items only through an empty role: the database keeps one item per role.
    roles = {item["code"]: item.get("role", "") for item in file_items(data)}
    for item in Item.objects.filter(framework=framework, code__in=roles).exclude(role=""):
        if roles[item.code] != item.role:
            Item.objects.filter(pk=item.pk).update(role="")
    order = 0
    for tool_order, tool_data in enumerate(data["tools"]):
        tool, _ = Tool.objects.update_or_create(
            framework=framework, code=tool_data["code"],
            defaults={
                "name": tool_data["name"], "weight": Decimal(str(tool_data["weight"])),
                "rule": tool_data.get("rule", "mean"), "order": tool_order,
            },
        )
        kind = tool_data.get("item_kind", Item.Kind.PERCENT)
        for indicator_data in tool_data.get("indicators", []):
            indicator, _ = Indicator.objects.update_or_create(
                framework=framework, number=indicator_data["number"],
                defaults={"tool": tool, "name": indicator_data["name"],
                          "rule": indicator_data.get("rule", "mean"), **confirmation(indicator_data)},
            )
            for item_data in indicator_data.get("items", []):
                order += 1
                _save_item(framework, indicator, None, item_data, kind, order)
            for sub_order, sub_data in enumerate(indicator_data.get("subindicators", [])):
                sub, _ = SubIndicator.objects.update_or_create(
                    indicator=indicator, code=sub_data["code"],
                    defaults={"name": sub_data["name"], "rule": sub_data.get("rule", "mean"),
                              "order": sub_order, **confirmation(sub_data)},
                )
                for item_data in sub_data.get("items", []):
                    order += 1
                    _save_item(framework, indicator, sub, item_data, kind, order)
    for item_map in data.get("item_map", []):
        load_item_map(framework, item_map, warn=warn)
    return framework


def file_items(data: dict):
    for tool in data["tools"]:
        for indicator in tool.get("indicators", []):
            yield from indicator.get("items", [])
            for sub in indicator.get("subindicators", []):
                yield from sub.get("items", [])


def _save_item(framework, indicator, subindicator, data, kind, order) -> None:
    Item.objects.update_or_create(
        framework=framework, code=data["code"],
        defaults={"indicator": indicator, "subindicator": subindicator, "text": data["text"],
                  "kind": data.get("kind", kind), "order": order, "role": data.get("role", ""),
                  **confirmation(data)},
    )


def load_item_map(framework: Framework, data: dict, *, warn=None) -> None:
    """Replaces the links from the items of `from_year` to this framework's with the file's."""
    year = data["from_year"]
    earlier = Framework.objects.filter(year=year, agency_kind__in=[framework.agency_kind, ""]).order_by(
        "-agency_kind").first()
    if earlier is None:
        if warn:
            warn(f"{framework.name}: the item map from ITA {year} was skipped; load ita{year}.toml first.")
        return
    old = {item.code: item for item in earlier.items.all()}
    new = {item.code: item for item in framework.items.all()}
    pairs = [{"from": code, "to": code} for code in data.get("same_code", [])] + data.get("pairs", [])
    wanted = {}
    for pair in pairs:
        for side, items, name in (("from", old, earlier.name), ("to", new, framework.name)):
            if pair[side] not in items:
                raise ValueError(f"item_map from {year}: {pair[side]} is not an item of {name}")
        wanted[(old[pair["from"]].pk, new[pair["to"]].pk)] = pair.get("note", "")
    links = ItemSuccessor.objects.filter(from_item__framework=earlier, to_item__framework=framework)
    for link in links:
        if (link.from_item_id, link.to_item_id) not in wanted:
            link.delete()
    for (from_id, to_id), note in wanted.items():
        ItemSuccessor.objects.update_or_create(from_item_id=from_id, to_item_id=to_id, defaults={"note": note})
