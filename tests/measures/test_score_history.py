"""Every year the agency has, side by side on the dashboard (chart and table, with the change from the year
before and each year's rating), while the public page keeps the plan's assessment and the year before."""
from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, IndicatorScore, ToolScore
from measures.models import Plan
from measures.seeding import framework_for
from tests.measures.conftest import th

DASHBOARD = reverse("measures-dashboard", args=["po", 2568])
PUBLIC = reverse("measures-public", args=["po", 2568])
MINUS = "\u2212"


def make_assessment(po, year: int, tools: dict, indicators: dict | None = None) -> Assessment:
    framework = framework_for(year)
    assessment = Assessment.objects.create(organization=po, framework=framework, year=year)
    for code, value in tools.items():
        ToolScore.objects.create(assessment=assessment, tool=framework.tools.get(code=code), score=Decimal(value))
    for number, value in (indicators or {}).items():
        IndicatorScore.objects.create(assessment=assessment, indicator=framework.indicators.get(number=number),
                                      score=Decimal(value))
    return assessment


@pytest.fixture
def assessment_2568(po):
    """Tools and two indicators reported, the overall left to compute: 0.3·96.50 + 0.3·86.00 + 0.4·93.75."""
    return make_assessment(po, 2568, {"IIT": "96.50", "EIT": "86.00", "OIT": "93.75"}, {1: "97.00", 8: "80.00"})


class Table(HTMLParser):
    """The score history table as rows of cells, each cell the list of its text pieces."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[list[str]]] = []
        self.inside = self.cell = False
        self.feed(html[html.index('class="table-wrap score-history"'):])

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.rows[-1].append([])
            self.cell = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif tag in ("th", "td"):
            self.cell = False

    def handle_data(self, data):
        if self.inside and self.cell and data.strip():
            self.rows[-1][-1].append(data.strip())

    def row(self, header: str) -> list[list[str]]:
        return next(cells[1:] for cells in self.rows if cells[0] == [header])


def test_the_dashboard_tables_every_year_oldest_first_with_the_change_from_the_year_before(
        login, people, assessment_2568):
    html = login(people["executive"]).get(DASHBOARD).content.decode()
    table = Table(html)
    assert table.rows[0][1:] == [["ITA 2566"], ["ITA 2567"], ["ITA 2568"]]
    assert table.row(th("Overall")) == [["84.78"], ["92.40", "+7.62"], ["92.25", f"{MINUS}0.15"]]
    assert table.row("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)") == [[], ["96.22"], ["96.50", "+0.28"]]
    assert table.row("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)") == [[], ["88.45"], ["86.00", f"{MINUS}2.45"]]
    assert table.row("1. การปฏิบัติหน้าที่") == [[], ["96.03"], ["97.00", "+0.97"]]
    assert table.row("8. การปรับปรุงการทำงาน") == [[], ["73.79"], ["80.00", "+6.21"]]
    assert table.row("2. การใช้งบประมาณ") == [[], ["96.75"], []]  # ITA 2568 reported no indicator 2


def test_the_table_has_a_caption_and_headers_scoped_to_their_row_or_column(login, people, assessment_2568):
    html = login(people["executive"]).get(DASHBOARD).content.decode()
    assert f'<caption id="score-history-caption">{th("ITA scores by year")}' in html
    assert th("change from the year before") in html
    assert html.count('<th scope="col" class="num">ITA 25') == 3
    assert html.count('<th scope="row">') == 1 + 3 + 10 + 1  # overall, tools, indicators, rating
    assert 'class="table-wrap score-history" role="region" aria-labelledby="score-history-caption"' in html


def test_the_table_shows_each_years_rating(login, people, assessment_2568):
    html = login(people["executive"]).get(DASHBOARD).content.decode()
    ratings = Table(html).row(th("rating"))
    assert [cells[0] for cells in ratings] == ["B", "A", "ผ่านดี"]
    for cells, year in zip(ratings, (2566, 2567, 2568)):
        assessment = Assessment.objects.get(organization__slug="po", year=year)
        with translation.override("th"):  # reasons are gettext'd when made, as on the pages
            assert " — ".join(cells) == str(assessment.rating())


def test_the_dashboard_chart_has_bars_only_for_the_years_with_a_figure(login, people, assessment_2568):
    chart = login(people["executive"]).get(DASHBOARD).context["page"].chart
    assert chart["years"] == [2566, 2567, 2568]
    bars = {row.label: [(bar.year, str(bar.value)) for bar in row.bars] for row in chart["rows"]}
    assert bars[""] == [(2566, "84.78"), (2567, "92.40"), (2568, "92.25")]
    assert bars["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"] == [(2567, "96.22"), (2568, "96.50")]
    assert bars["1. การปฏิบัติหน้าที่"] == [(2567, "96.03"), (2568, "97.00")]
    assert bars["2. การใช้งบประมาณ"] == [(2567, "96.75")]
    # The headline stays the plan's assessment's.
    assert (str(chart["score"]), chart["level"], str(chart["change"])) == ("92.40", "A", "7.62")


def test_indicators_are_matched_by_number_and_named_as_in_the_plans_framework(login, people, assessment_2568):
    assessment_2568.framework.indicators.filter(number=1).update(name="ชื่อตัวชี้วัดของปี 2568")
    chart = login(people["executive"]).get(DASHBOARD).context["page"].chart
    row = next(row for row in chart["rows"] if row.label.startswith("1. "))
    assert row.label == "1. การปฏิบัติหน้าที่"
    assert [str(cell.value) for cell in row.cells] == ["None", "96.03", "97.00"]


def test_the_rating_line_replaces_the_level_badge_on_both_pages(login, people, plan, assessment_2567):
    with translation.override("th"):  # reasons are gettext'd when made, as on the pages
        reason = assessment_2567.rating().reason
    client = login(people["executive"])
    for html in (client.get(DASHBOARD).content.decode(), client.get(PUBLIC).content.decode()):
        assert f'<span class="badge">A</span> <span class="small">{reason}</span>' in html
        assert th("level %(level)s") % {"level": "A"} not in html


def test_a_plan_on_a_five_level_year_shows_its_band_and_why(login, people, plan, po):
    assessment = make_assessment(po, 2568, {"IIT": "96.50", "EIT": "84.00", "OIT": "93.75"})
    plan.assessment = assessment
    plan.save()
    client = login(people["executive"])
    html = client.get(PUBLIC).content.decode()
    reason = th("%(tool)s %(score)s below %(min)s") % {"tool": "EIT", "score": "84.00", "min": "85"}
    assert f'<span class="badge">ผ่าน</span> <span class="small">{reason}</span>' in html
    chart = client.get(DASHBOARD).context["page"].chart
    assert (chart["level"], chart["rating"].reason) == ("ผ่าน", reason)
    assert chart["years"] == [2566, 2567, 2568]


def test_the_public_page_keeps_the_plans_assessment_and_the_year_before(client, plan, assessment_2568):
    response = client.get(PUBLIC)
    chart = response.context["page"].chart
    assert chart["years"] == [2566, 2567]
    html = response.content.decode()
    assert "ITA 2568</span>" not in html and "score-history" not in html
    assert html.count('class="row') == 11  # no tool rows: the overall score and the ten indicators


def test_the_public_chart_of_a_later_plan_starts_the_year_before(client, plan, assessment_2568):
    plan.assessment = assessment_2568
    plan.save()
    assert client.get(PUBLIC).context["page"].chart["years"] == [2567, 2568]


def test_a_year_after_a_gap_shows_no_change(login, people, po):
    make_assessment(po, 2569, {"IIT": "95.00", "EIT": "90.00", "OIT": "100.00"})
    table = Table(login(people["executive"]).get(DASHBOARD).content.decode())
    assert table.rows[0][1:] == [["ITA 2566"], ["ITA 2567"], ["ITA 2569"]]
    assert table.row(th("Overall")) == [["84.78"], ["92.40", "+7.62"], ["95.50"]]  # no ITA 2568 to compare with


def test_another_years_assessment_gives_the_plan_a_new_revision(po, plan, login, people):
    def revision():
        return Plan.objects.values_list("revision", flat=True).get(pk=plan.pk)

    client = login(people["executive"])
    client.get(DASHBOARD)  # cached
    before = revision()
    assessment = make_assessment(po, 2568, {"IIT": "96.50"})
    assert revision() != before
    assert "96.50" in client.get(DASHBOARD).content.decode()

    before = revision()
    score = ToolScore.objects.get(assessment=assessment)
    score.score = Decimal("91.10")
    score.save()
    assert revision() != before
    assert "91.10" in client.get(DASHBOARD).content.decode()

    before = revision()
    assessment.delete()
    assert revision() != before
    assert "ITA 2568" not in client.get(DASHBOARD).content.decode()


def count_queries(client, url: str, *, cached: bool = False) -> int:
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_each_year_costs_the_same_few_queries_and_the_cached_page_none(login, people, po):
    client = login(people["executive"])
    count_queries(client, DASHBOARD)  # warm the session and the content-type cache
    two, two_cached = count_queries(client, DASHBOARD), count_queries(client, DASHBOARD, cached=True)
    make_assessment(po, 2568, {"IIT": "96.50", "EIT": "86.00", "OIT": "93.75"}, {1: "97.00"})
    three, three_cached = count_queries(client, DASHBOARD), count_queries(client, DASHBOARD, cached=True)
    make_assessment(po, 2569, {"IIT": "95.00"})
    four, four_cached = count_queries(client, DASHBOARD), count_queries(client, DASHBOARD, cached=True)
    assert four - three == three - two <= 6  # the score queries of scoring.compute, frameworks prefetched
    assert two_cached == three_cached == four_cached
