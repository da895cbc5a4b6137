"""An assessment's scores as a spreadsheet: one row per reported figure, found by its code.

Codes (also on the blank template's second sheet):
    OVERALL          the overall score
    IIT, EIT, OIT    a tool's score (the framework's tool codes)
    IND1 … IND10     an indicator's score, by the indicator's number
    SUB9.1 …         a sub-indicator's score ("SUB" keeps Excel from reading 9.1 as a number)
    I1, E1, O1 …     an item's score (the framework's item codes), with its evidence URL
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Assessment,
    Framework,
    IndicatorScore,
    Item,
    ItemScore,
    SubIndicator,
    SubIndicatorScore,
    ToolScore,
)
from itaportal.spreadsheets.resources import SheetField, SheetResource, only_one
from itaportal.spreadsheets.widgets import CellError, ScoreWidget, TextWidget, UrlWidget, squeeze
from itaportal.thai import arabic_digits

OVERALL = "OVERALL"
CODE_EXAMPLES = "I1, E1, O1, IND1, SUB9.1, IIT, OVERALL"
OVERALL_ALIASES = {"OVERALL", "ภาพรวม", "คะแนนภาพรวม"}
SCORE_MODELS = {"tool": ToolScore, "indicator": IndicatorScore, "subindicator": SubIndicatorScore,
                "item": ItemScore}


def canonical_code(value) -> str:
    code = arabic_digits(squeeze(value)).upper()
    return OVERALL if code in OVERALL_ALIASES else code


class ScoreLine:
    """One figure of an assessment as a row of the file, whichever model holds it."""

    def __init__(self, code: str, kind: str, target, name: str, item: Item | None = None):
        self.code, self.kind, self.target, self.name, self.item = code, kind, target, name, item
        self.attribute = "overall" if kind == "overall" else "score"

    def __str__(self) -> str:
        return f"{self.code} {self.score}"

    @property
    def pk(self):
        return self.target.pk

    @property
    def score(self):
        return getattr(self.target, self.attribute)

    @score.setter
    def score(self, value) -> None:
        setattr(self.target, self.attribute, value)

    @property
    def evidence_url(self) -> str:
        return getattr(self.target, "evidence_url", "")

    @evidence_url.setter
    def evidence_url(self, value: str) -> None:
        self.target.evidence_url = value

    @property
    def is_pass_fail(self) -> bool:
        return self.item is not None and self.item.kind == Item.Kind.PASS_FAIL

    def full_clean(self) -> None:
        if self.kind == "overall":
            self.target.clean_fields(exclude=[f.name for f in Assessment._meta.fields if f.name != "overall"])
        else:
            self.target.full_clean()

    def save(self, force_insert: bool = False) -> None:
        if self.kind == "overall":
            self.target.save(update_fields=["overall"])
        else:
            self.target.save(force_insert=force_insert)


def catalogue(framework: Framework) -> dict[str, tuple[str, object, str]]:
    """Every code of the framework, in the order of the published tables: code -> (kind, part, name)."""
    parts = {OVERALL: ("overall", None, gettext("overall score"))}
    for tool in framework.tools.all():
        parts[tool.code.upper()] = ("tool", tool, tool.name)
    for indicator in framework.indicators.all():
        parts[f"IND{indicator.number}"] = ("indicator", indicator, f"{indicator.number}. {indicator.name}")
    for sub in SubIndicator.objects.filter(indicator__framework=framework).order_by("indicator__number", "order"):
        parts[f"SUB{sub.code}".upper()] = ("subindicator", sub, f"{sub.code} {sub.name}")
    for item in framework.items.all():
        parts[item.code.upper()] = ("item", item, item.text)
    return parts


class ScoreResource(SheetResource):
    code = SheetField("code", _("code"), TextWidget(), key=True, help=_(
        "OVERALL (overall score), IIT/EIT/OIT (tools), IND1–IND10 (indicators), SUB9.1… "
        "(sub-indicators), or an item code such as I1, E1, O1 as in the framework."))
    score = SheetField("score", _("score"), ScoreWidget(), help=_(
        "0–100, at most two decimals (Thai digits are fine). Pass/fail items (O…) also take ผ่าน or "
        "ไม่ผ่าน, yes or no, 1 or 0. An empty cell leaves the figure as it is."))
    evidence_url = SheetField("evidence_url", _("evidence URL"), UrlWidget(max_length=500), help=_(
        "Items only, optional: the web address of the evidence."))
    name = SheetField("name", _("name"), TextWidget(), informational=True, help=_(
        "For reading only: ignored on import."))

    model_columns = {"score": "score", "overall": "score", "evidence_url": "evidence_url"}
    default_column = "code"

    def __init__(self, assessment: Assessment | None = None, framework: Framework | None = None, **kwargs):
        super().__init__(**kwargs)
        self.target = assessment
        self.framework = framework or (assessment.framework if assessment else None)
        self._parts = None
        self._scores = None

    @classmethod
    def get_display_name(cls):
        return _("an assessment's reported figures")

    def parts(self) -> dict[str, tuple[str, object, str]]:
        if self._parts is None:
            self._parts = catalogue(self.framework)
        return self._parts

    def existing(self) -> dict[tuple[str, int], object]:
        if self._scores is None:
            self._scores = {}
            for kind, model in SCORE_MODELS.items():
                for score in model.objects.filter(assessment=self.target):
                    self._scores[(kind, getattr(score, f"{kind}_id"))] = score
        return self._scores

    def line(self, code: str) -> ScoreLine:
        kind, part, name = self.parts()[code]
        if kind == "overall":
            target = Assessment.objects.get(pk=self.target.pk)
        else:
            model = SCORE_MODELS[kind]
            target = self.existing().get((kind, part.pk)) or model(assessment=self.target, **{kind: part})
        return ScoreLine(code, kind, target, name, item=part if kind == "item" else None)

    def locate(self, row):
        code = canonical_code(self.cell("code", row))
        if code not in self.parts():
            raise ValidationError({"code": _("Nothing in ITA %(y)s has this code; %(examples)s are examples of codes.")
                                   % {"y": self.framework.year, "examples": CODE_EXAMPLES}})
        self.claim((code,), "code")
        line = self.line(code)
        return line, line.pk is None

    def widget_kwargs(self, instance) -> dict:
        return {"pass_fail": instance.is_pass_fail}

    def assign(self, instance, sheet_field, value) -> None:
        if sheet_field.column_name == "evidence_url" and instance.kind != "item":
            if value:
                raise CellError(_("Only items (I…, E…, O…) have an evidence URL."))
            return
        super().assign(instance, sheet_field, value)

    def finish(self, instance, row, errors) -> None:
        if instance._sheet_new and instance.score is None and instance._sheet_changes and "score" not in errors:
            errors["score"] = _("A figure that is not in the assessment yet needs a score.")

    def check(self, instance) -> None:
        instance.full_clean()

    def describe(self, instance) -> str:
        return instance.code

    def export(self, queryset=None, **kwargs):
        if self.target is None:
            self.target = only_one(queryset, _("Choose one assessment: a scores file holds one assessment."))
            self.framework = self.target.framework
        lines = [self.line(code) for code in self.parts()]
        return super().export(queryset=[line for line in lines if line.pk and line.score is not None], **kwargs)

    def template_rows(self) -> list[list]:
        return [[code, "", "", name] for code, (_kind, _part, name) in self.parts().items()]

    def notes(self) -> list[list[str]]:
        return [
            ["", ""],
            [gettext("Codes"), gettext("What the code stands for")],
            ["OVERALL", gettext("the overall score")],
            ["IIT, EIT, OIT", gettext("the score of a tool (internal, external, open data)")],
            ["IND1 … IND10", gettext("the score of an indicator, by its number")],
            ["SUB9.1 …", gettext("the score of a sub-indicator, by its code after SUB")],
            ["I1…, E1…, O1…", gettext("the score of an item; O items are pass/fail (100 or 0)")],
        ]
