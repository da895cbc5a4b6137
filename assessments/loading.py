"""Seeds a framework from its data file (assessments/data/ita<year>.toml); safe to run again."""
from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from assessments.models import Band, Framework, Indicator, Item, SubIndicator, Tool

DATA_DIR = Path(__file__).resolve().parent / "data"


def framework_file(year: int) -> Path:
    return DATA_DIR / f"ita{year}.toml"


def load_framework_file(path: Path) -> Framework:
    with open(path, "rb") as f:
        return load_framework(tomllib.load(f))


@transaction.atomic
def load_framework(data: dict) -> Framework:
    framework, _ = Framework.objects.update_or_create(
        year=data["year"], agency_kind=data.get("agency_kind", ""),
        defaults={"name": data["name"], "pass_mark": Decimal(str(data.get("pass_mark", 85)))},
    )
    for band in data.get("bands", []):
        Band.objects.update_or_create(
            framework=framework, code=band["code"], defaults={"min_score": Decimal(str(band["min"]))}
        )
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
                          "rule": indicator_data.get("rule", "mean")},
            )
            for item_data in indicator_data.get("items", []):
                order += 1
                _save_item(framework, indicator, None, item_data, kind, order)
            for sub_order, sub_data in enumerate(indicator_data.get("subindicators", [])):
                sub, _ = SubIndicator.objects.update_or_create(
                    indicator=indicator, code=sub_data["code"],
                    defaults={"name": sub_data["name"], "rule": sub_data.get("rule", "mean"),
                              "order": sub_order},
                )
                for item_data in sub_data.get("items", []):
                    order += 1
                    _save_item(framework, indicator, sub, item_data, kind, order)
    return framework


def _save_item(framework, indicator, subindicator, data, kind, order) -> None:
    Item.objects.update_or_create(
        framework=framework, code=data["code"],
        defaults={"indicator": indicator, "subindicator": subindicator, "text": data["text"],
                  "kind": data.get("kind", kind), "order": order},
    )
