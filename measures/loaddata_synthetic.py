"""Synthetic agencies for load tests and benchmarks (slugs load-00001, load-00002, ...).

Each agency gets the shape of the demo agency: four divisions, one member per role, an ITA assessment
of the year before with every figure computed from its items by the framework's rules, a published plan
with the demo plan's seven themes and seventeen measures, rounds at six and twelve months and a report
per measure and responsible division in both rounds.

Rows are written with bulk_create, one transaction per batch of agencies, so that thousands of agencies
take minutes. bulk_create sends no signals, so django-simple-history records no history for these rows;
that is accepted for synthetic data (the first edit of a row through the portal starts its history).
"""
from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from agencies.models import Division, Membership, Organization, Role
from agencies.roles import agency_admin_group
from assessments.models import (
    Assessment,
    Framework,
    IndicatorScore,
    Item,
    ItemScore,
    Rule,
    SubIndicatorScore,
    ToolScore,
)
from assessments.scoring import aggregate, round2
from measures.models import Measure, Plan, ProgressReport, ProgressRound, RoundEvent, Theme, ThemeItem
from measures.seeding import ALL_DIVISIONS, DEMO_DIR, framework_for, month, read

PREFIX = "load-"
DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
PROVINCES = ["เชียงราย", "เชียงใหม่", "ขอนแก่น", "นครราชสีมา", "สงขลา", "ชลบุรี", "อุบลราชธานี", "พิษณุโลก"]
DEMO_NAMES = ("องค์การบริหารส่วนตำบลปอ", "อบต.ปอ")
Status = ProgressReport.Status
# (status, weight) per round: more measures are done by the end of the year.
STATUS_WEIGHTS = {
    6: ([Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED], [3, 5, 2]),
    12: ([Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED], [7, 2, 1]),
}
DONE_TEXT = "ดำเนินการตามขั้นตอนที่กำหนดไว้ในมาตรการ และเผยแพร่ผลการดำเนินงานทางเว็บไซต์ของหน่วยงาน (ข้อมูลสังเคราะห์)"
RESULT_TEXT = "บุคลากรรับทราบแนวทางและถือปฏิบัติ (ข้อมูลสังเคราะห์)"


def slug_for(number: int) -> str:
    return f"{PREFIX}{number:05d}"


def last_number() -> int:
    """The highest number among existing synthetic agencies, 0 if there is none."""
    numbers = [
        int(slug[len(PREFIX):])
        for slug in Organization.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)
        if slug[len(PREFIX):].isdigit()
    ]
    return max(numbers, default=0)


@dataclass
class Template:
    """What every synthetic agency shares, read once: framework parts, plan text, password hash."""

    year: int
    framework: Framework
    tools: list
    indicators: list
    subindicators: list
    items: list
    plan: dict
    item_ids: dict[str, int]
    password_hash: str
    admin_group_id: int

    @classmethod
    def build(cls, *, year: int, password: str) -> Template:
        framework = framework_for(year - 1)
        items = list(Item.objects.filter(framework=framework))
        return cls(
            year=year,
            framework=framework,
            tools=list(framework.tools.all()),
            indicators=list(framework.indicators.all()),
            subindicators=[s for i in framework.indicators.prefetch_related("subindicators")
                           for s in i.subindicators.all()],
            items=items,
            plan=read(DEMO_DIR / "po-2568.toml"),
            item_ids={item.code: item.id for item in items},
            # Hashed once: hashing per user would dominate the run time.
            password_hash=make_password(password),
            admin_group_id=agency_admin_group().id,
        )


def scores(template: Template, rng: random.Random) -> dict:
    """Item scores drawn at random, every level above computed from them as assessments.scoring does."""
    quality = rng.uniform(0.6, 1.0)
    items = {}
    for item in template.items:
        if item.kind == Item.Kind.PASS_FAIL:
            items[item.id] = Decimal(100 if rng.random() < quality else 0)
        else:
            items[item.id] = Decimal(rng.randint(int(6000 + 3500 * quality), 10000)) / 100
    subs = {
        sub.id: aggregate(sub.rule, [items[i.id] for i in template.items if i.subindicator_id == sub.id])
        for sub in template.subindicators
    }
    indicators = {}
    for indicator in template.indicators:
        children = [subs[s.id] for s in template.subindicators if s.indicator_id == indicator.id]
        children = children or [items[i.id] for i in template.items if i.indicator_id == indicator.id]
        if indicator.rule == Rule.REPORTED:
            # Weighted over respondents by the NACC: near the item mean, not equal to it.
            mean = aggregate(Rule.MEAN, children) + Decimal(str(round(rng.uniform(-3, 3), 2)))
            indicators[indicator.id] = round2(min(Decimal(100), max(Decimal(0), mean)))
        else:
            indicators[indicator.id] = aggregate(indicator.rule, children)
    tools = {
        tool.id: aggregate(tool.rule, [indicators[i.id] for i in template.indicators if i.tool_id == tool.id])
        for tool in template.tools
    }
    total = sum(tool.weight for tool in template.tools)
    overall = sum(tool.weight * tools[tool.id] for tool in template.tools) / total
    return {"items": items, "subs": subs, "indicators": indicators, "tools": tools, "overall": round2(overall)}


def submitted_on(ce: int, months: int, rng: random.Random) -> datetime.datetime:
    """Some day of the month the round's reports fall due (April or October)."""
    return datetime.datetime(ce, 4 if months == 6 else 10, rng.randint(1, 28), 9, tzinfo=datetime.timezone.utc)


def text(value: str, name: str, short_name: str) -> str:
    return value.strip().replace(DEMO_NAMES[0], name).replace(DEMO_NAMES[1], short_name)


def generate(
    *, count: int, year: int, seed: int, password: str, start: int = 1, batch_size: int = 100,
    progress: Callable[[int], None] | None = None, progress_every: int = 500,
) -> int:
    """Creates agencies start .. start+count-1; returns how many were created."""
    template = Template.build(year=year, password=password)
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        with transaction.atomic():
            create_batch(template, range(start + done, start + done + size), seed)
        before, done = done, done + size
        if progress and (done // progress_every > before // progress_every or done == count):
            progress(done)
    return done


def create_batch(template: Template, numbers: range, seed: int) -> None:
    year, plan_data = template.year, template.plan
    rngs = {n: random.Random(f"{seed}-{n}") for n in numbers}
    orgs = Organization.objects.bulk_create([
        Organization(
            slug=slug_for(n), name=f"หน่วยงานสังเคราะห์ทดสอบระบบ {n:05d}", short_name=f"สังเคราะห์ {n:05d}",
            kind=Organization.Kind.OTHER, province=rngs[n].choice(PROVINCES),
        )
        for n in numbers
    ])
    pairs = list(zip(numbers, orgs))
    divisions = Division.objects.bulk_create([
        Division(organization=org, name=name, order=order) for _, org in pairs for order, name in enumerate(DIVISIONS)
    ])
    divisions_of = {org.id: divisions[i * len(DIVISIONS):(i + 1) * len(DIVISIONS)] for i, (_, org) in enumerate(pairs)}

    User = get_user_model()
    people = []  # (org, role, division, user)
    for n, org in pairs:
        slug = slug_for(n)
        for index, division in enumerate(divisions_of[org.id], start=1):
            people.append((org, Role.STAFF, division, User(
                username=f"{slug}-staff{index}", password=template.password_hash,
                first_name="เจ้าหน้าที่", last_name=division.name)))
        people.append((org, Role.ADMIN, divisions_of[org.id][0], User(
            username=f"{slug}-admin", password=template.password_hash, first_name="ผู้ดูแลระบบ",
            last_name=org.short_name, is_staff=True)))
        people.append((org, Role.EXECUTIVE, None, User(
            username=f"{slug}-executive", password=template.password_hash, first_name="ปลัด",
            last_name=org.short_name)))
    User.objects.bulk_create([p[3] for p in people])
    Membership.objects.bulk_create([
        Membership(user=user, organization=org, role=role, division=division) for org, role, division, user in people
    ])
    User.groups.through.objects.bulk_create([
        User.groups.through(user_id=user.id, group_id=template.admin_group_id)
        for _, role, _, user in people if role == Role.ADMIN
    ])
    admin_of = {org.id: user for org, role, _, user in people if role == Role.ADMIN}
    staff_of = {division.id: user for _, role, division, user in people if role == Role.STAFF}

    figures = {org.id: scores(template, rngs[n]) for n, org in pairs}
    assessments = Assessment.objects.bulk_create([
        Assessment(organization=org, framework=template.framework, year=year - 1,
                   overall=figures[org.id]["overall"], notes="ข้อมูลสังเคราะห์สำหรับทดสอบระบบ")
        for _, org in pairs
    ])
    score_rows = []
    for assessment in assessments:
        f = figures[assessment.organization_id]
        score_rows += [ItemScore(assessment=assessment, item_id=k, score=v) for k, v in f["items"].items()]
        score_rows += [SubIndicatorScore(assessment=assessment, subindicator_id=k, score=round2(v))
                       for k, v in f["subs"].items()]
        score_rows += [IndicatorScore(assessment=assessment, indicator_id=k, score=round2(v))
                       for k, v in f["indicators"].items()]
        score_rows += [ToolScore(assessment=assessment, tool_id=k, score=round2(v)) for k, v in f["tools"].items()]
    for model in (ItemScore, SubIndicatorScore, IndicatorScore, ToolScore):
        model.objects.bulk_create([row for row in score_rows if type(row) is model], batch_size=2000)

    ce = year - 543
    plans = Plan.objects.bulk_create([
        Plan(
            organization=org, fiscal_year=year, assessment=assessment, title=plan_data["title"],
            status=Plan.Status.PUBLISHED, signer_name="นายทดสอบ สังเคราะห์", signer_position=f"นายก{org.name}",
            approved_on=datetime.date(ce, 2, 2),
            **{field: text(plan_data.get(field, ""), org.name, org.short_name)
               for field in ("results_intro", "results_text", "analysis_intro", "measures_intro", "limitations_intro")},
            limitations="\n".join(plan_data.get("limitations", [])),
            recommendations="\n".join(plan_data.get("recommendations", [])),
        )
        for (_, org), assessment in zip(pairs, assessments)
    ])
    themes = Theme.objects.bulk_create([
        Theme(plan=plan, number=t["number"], title=t["title"],
              analysis=text(t.get("analysis", ""), plan.organization.name, plan.organization.short_name))
        for plan in plans for t in plan_data["themes"]
    ])
    theme_data = plan_data["themes"] * len(plans)
    ThemeItem.objects.bulk_create([
        ThemeItem(theme=theme, item_id=template.item_ids[code], order=order)
        for theme, t in zip(themes, theme_data) for order, code in enumerate(t.get("items", []))
    ], batch_size=2000)
    measure_rows = []  # (measure, division names)
    for theme, t in zip(themes, theme_data):
        for m in t.get("measures", []):
            names = m.get("divisions", [])
            measure_rows.append((Measure(
                plan=theme.plan, theme=theme, number=m["number"], title=m["title"].strip(),
                steps=m.get("steps", "").strip(), follow_up=m.get("follow_up", "").strip(),
                start_month=month(m["start"]), end_month=month(m["end"]), all_divisions=ALL_DIVISIONS in names,
            ), names))
    Measure.objects.bulk_create([m for m, _ in measure_rows], batch_size=2000)
    responsible = []  # (measure, division)
    through = []
    for measure, names in measure_rows:
        own = divisions_of[measure.plan.organization_id]
        if measure.all_divisions:
            responsible += [(measure, d) for d in own]
        else:
            chosen = [d for d in own if d.name in names]
            responsible += [(measure, d) for d in chosen]
            through += [Measure.divisions.through(measure_id=measure.id, division_id=d.id) for d in chosen]
    Measure.divisions.through.objects.bulk_create(through, batch_size=2000)

    rounds = []
    for plan in plans:
        admin = admin_of[plan.organization_id]
        rounds.append(ProgressRound(
            plan=plan, months=6, due_on=datetime.date(ce, 4, 30), status=ProgressRound.Status.APPROVED,
            approved_by=admin, approved_at=datetime.datetime(ce, 5, 15, 3, 0, tzinfo=datetime.timezone.utc),
        ))
        rounds.append(ProgressRound(plan=plan, months=12, due_on=datetime.date(ce, 10, 31)))
    ProgressRound.objects.bulk_create(rounds)
    RoundEvent.objects.bulk_create([
        RoundEvent(round=r, action=RoundEvent.Action.APPROVED, by=r.approved_by) for r in rounds if r.months == 6
    ])
    rounds_of = {}
    for r in rounds:
        rounds_of.setdefault(r.plan_id, []).append(r)
    reports = []
    for measure, division in responsible:
        rng = rngs[int(measure.plan.organization.slug[len(PREFIX):])]
        for progress_round in rounds_of[measure.plan_id]:
            statuses, weights = STATUS_WEIGHTS[progress_round.months]
            status = rng.choices(statuses, weights)[0]
            drawn = rng.randint(10, 90) if status != Status.DONE else None  # the same draws as before: seeds repeat
            percent = {Status.DONE: 100, Status.NOT_STARTED: 0}.get(status, drawn)
            submitted = progress_round.months == 6 or rng.random() < 0.8
            reports.append(ProgressReport(
                round=progress_round, measure=measure, division=division, status=status, percent=percent,
                done=DONE_TEXT if percent else "", result=RESULT_TEXT if status == Status.DONE else "",
                submitted_at=submitted_on(ce, progress_round.months, rng) if submitted else None,
                reported_by=staff_of[division.id],
            ))
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
