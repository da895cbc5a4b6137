"""Loads the demo agency from measures/demo/*.toml. Safe to run again: it updates in place."""
from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.models import Division, Membership, Organization
from agencies.roles import grant_admin_access
from assessments.loading import framework_file, load_framework_file
from assessments.models import Assessment, Framework, Indicator, IndicatorScore, Item, ItemScore, Tool, ToolScore
from measures.models import Measure, Plan, ProgressReport, ProgressRound, Theme, ThemeItem

DEMO_DIR = Path(__file__).resolve().parent / "demo"
ALL_DIVISIONS = "ทุกสำนัก/กอง"


def read(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def month(value: str) -> datetime.date:
    year, month_number = (int(part) for part in value.split("-")[:2])
    return datetime.date(year, month_number, 1)


def score(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"not a score: {value!r}") from None


def saved(obj):
    """Validates like a form would (Thai messages) before saving: nothing invalid reaches the database."""
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def load_agency(path: Path) -> tuple[Organization, list[dict]]:
    data = read(path)
    org_data = data["organization"]
    organization, _ = Organization.objects.update_or_create(
        slug=org_data["slug"],
        defaults={k: org_data[k] for k in ("name", "short_name", "kind", "province")},
    )
    for order, name in enumerate(org_data.get("divisions", [])):
        Division.objects.update_or_create(organization=organization, name=name, defaults={"order": order})
    for assessment_data in data.get("assessments", []):
        load_assessment(organization, assessment_data)
    for plan_data in data.get("plans", []):
        load_plan(organization, plan_data, read(path.parent / plan_data["file"]))
    for report_data in data.get("progress", []):
        load_progress(organization, report_data)
    users = [load_user(organization, user_data) for user_data in data.get("users", [])]
    return organization, users


def division(organization: Organization, name: str) -> Division:
    found = Division.objects.filter(organization=organization, name=name).first()
    if found is None:
        raise ValidationError(f"{organization.slug} has no division named {name!r}")
    return found


def framework_for(year: int) -> Framework:
    framework = Framework.objects.filter(year=year, agency_kind="").first()
    return framework or load_framework_file(framework_file(year))


def load_assessment(organization: Organization, data: dict) -> Assessment:
    framework = framework_for(data["year"])
    assessment = Assessment.objects.filter(organization=organization, year=data["year"]).first()
    assessment = assessment or Assessment(organization=organization, year=data["year"])
    assessment.framework = framework
    assessment.overall = score(data["overall"]) if "overall" in data else None
    saved(assessment)
    for code, value in data.get("tools", {}).items():
        tool = Tool.objects.get(framework=framework, code=code)
        ToolScore.objects.update_or_create(assessment=assessment, tool=tool, defaults={"score": score(value)})
    for number, value in data.get("indicators", {}).items():
        indicator = Indicator.objects.get(framework=framework, number=int(number))
        IndicatorScore.objects.update_or_create(
            assessment=assessment, indicator=indicator, defaults={"score": score(value)}
        )
    for code, value in data.get("items", {}).items():
        item = Item.objects.get(framework=framework, code=code)
        ItemScore.objects.update_or_create(assessment=assessment, item=item, defaults={"score": score(value)})
    return assessment


def load_plan(organization: Organization, meta: dict, data: dict) -> Plan:
    plan = Plan.objects.filter(organization=organization, fiscal_year=data["fiscal_year"]).first()
    plan = plan or Plan(organization=organization, fiscal_year=data["fiscal_year"])
    plan.assessment = Assessment.objects.get(organization=organization, year=data["assessment_year"])
    for field in ("title", "results_intro", "results_text", "analysis_intro", "measures_intro",
                  "limitations_intro"):
        setattr(plan, field, data.get(field, "").strip())
    plan.limitations = "\n".join(data.get("limitations", []))
    plan.recommendations = "\n".join(data.get("recommendations", []))
    for field in ("status", "signer_name", "signer_position", "approved_on"):
        if field in meta:
            setattr(plan, field, meta[field])
    saved(plan)
    framework = plan.assessment.framework
    for theme_data in data["themes"]:
        theme = Theme.objects.filter(plan=plan, number=theme_data["number"]).first()
        theme = theme or Theme(plan=plan, number=theme_data["number"])
        theme.title = theme_data["title"]
        theme.analysis = theme_data.get("analysis", "").strip()
        saved(theme)
        codes = theme_data.get("items", [])
        ThemeItem.objects.filter(theme=theme).exclude(item__code__in=codes).delete()
        for order, code in enumerate(codes):
            item = Item.objects.get(framework=framework, code=code)
            ThemeItem.objects.update_or_create(theme=theme, item=item, defaults={"order": order})
        for measure_data in theme_data.get("measures", []):
            load_measure(plan, theme, measure_data)
    for round_data in meta.get("rounds", []):
        ProgressRound.objects.update_or_create(
            plan=plan, months=round_data["months"], defaults={"due_on": round_data.get("due_on")}
        )
    return plan


def load_measure(plan: Plan, theme: Theme, data: dict) -> Measure:
    measure = Measure.objects.filter(theme=theme, number=data["number"]).first()
    measure = measure or Measure(plan=plan, theme=theme, number=data["number"])
    measure.title = data["title"].strip()
    measure.steps = data.get("steps", "").strip()
    measure.follow_up = data.get("follow_up", "").strip()
    measure.start_month = month(data["start"])
    measure.end_month = month(data["end"])
    names = data.get("divisions", [])
    measure.all_divisions = ALL_DIVISIONS in names
    divisions = [division(plan.organization, name) for name in names if name != ALL_DIVISIONS]
    measure.clean_divisions(divisions)
    saved(measure)
    measure.divisions.set(divisions)
    return measure


def load_progress(organization: Organization, data: dict) -> ProgressReport:
    plan = Plan.objects.get(organization=organization, fiscal_year=data["fiscal_year"])
    theme_number, measure_number = (int(part) for part in data["measure"].split("."))
    report = ProgressReport.objects.filter(
        round__plan=plan, round__months=data["months"],
        measure__theme__number=theme_number, measure__number=measure_number,
        division__name=data["division"],
    ).first() or ProgressReport(
        round=ProgressRound.objects.get(plan=plan, months=data["months"]),
        measure=Measure.objects.get(plan=plan, theme__number=theme_number, number=measure_number),
        division=division(organization, data["division"]),
    )
    for field in ("status", "percent", "done", "result", "problems", "links"):
        if field in data:
            setattr(report, field, data[field].strip() if isinstance(data[field], str) else data[field])
    report.submitted_at = data.get("submitted_at")
    return saved(report)


def load_user(organization: Organization, data: dict) -> dict:
    user, _ = get_user_model().objects.get_or_create(username=data["username"])
    user.first_name = data.get("first_name", "")
    user.last_name = data.get("last_name", "")
    if not user.check_password(data["password"]):
        user.set_password(data["password"])
    user.save()
    membership = Membership.objects.filter(user=user, organization=organization).first()
    membership = membership or Membership(user=user, organization=organization)
    membership.division = division(organization, data["division"]) if "division" in data else None
    membership.role = data["role"]
    saved(membership)
    if membership.role == "admin":
        grant_admin_access(user)
    return data
