"""Where an item carries on in a later framework: the NACC renumbers and merges OIT items every year.

The frameworks' item maps (`ItemSuccessor`, seeded from each data file's `item_map`) link an item to
its successors a year or more later; a chain of maps is followed through the years between. An item
with a role (the measures document, the progress report) also carries on as the item of the same role.
An item that neither reaches is unmapped: the caller lists it, never drops it silently.
"""
from __future__ import annotations

from collections import defaultdict

from assessments.models import Framework, Item, ItemSuccessor


def successors(items: list[Item], target: Framework) -> dict[int, list[Item]]:
    """For each item (by id), the items of `target` it carries on as, in the target's order."""
    years = [item.framework.year for item in items if item.framework_id != target.pk]
    links = defaultdict(list)
    if years:
        rows = ItemSuccessor.objects.filter(
            from_item__framework__year__gte=min(years), to_item__framework__year__lte=target.year,
        ).select_related("to_item__framework")
        for link in rows:
            links[link.from_item_id].append(link.to_item)
    by_role = {item.role: item for item in target.items.exclude(role="")}
    found = {}
    for item in items:
        if item.framework_id == target.pk:
            found[item.pk] = [item]
            continue
        reached = reach(item.pk, links, target)
        if item.role in by_role:
            reached.add(by_role[item.role])
        found[item.pk] = sorted(reached, key=lambda i: i.order)
    return found


def reach(item_id: int, links: dict[int, list[Item]], target: Framework) -> set[Item]:
    reached, seen, stack = set(), set(), [item_id]
    while stack:
        for later in links.get(stack.pop(), []):
            if later.framework_id == target.pk:
                reached.add(later)
            elif later.pk not in seen and later.framework.year < target.year:
                seen.add(later.pk)
                stack.append(later.pk)
    return reached
