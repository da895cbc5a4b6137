from django.urls import path

from measures.views import dashboard, evidence, fonts, measures, plans, public, reports, rounds, weak_items

PLAN = "<slug:org_slug>/<int:year>/"
PUBLIC = "public/<slug:org_slug>/<int:year>/"
ROUND = PLAN + "rounds/<int:months>/"
MEASURE = "measures/<int:theme>.<int:number>/"

urlpatterns = [
    path("", dashboard.home, name="measures-home"),
    path("fonts/<str:name>", fonts.font, name="measures-font"),
    path("evidence/<int:pk>/", evidence.download, name="measures-evidence"),
    path(PUBLIC, public.plan, name="measures-public"),
    path(PUBLIC + "evidence/<int:pk>/", public.evidence, name="measures-public-evidence"),
    path(PLAN, dashboard.dashboard, name="measures-dashboard"),
    path(PLAN + "publish/", plans.publish, name="measures-publish"),
    path(PLAN + MEASURE, measures.detail, name="measures-detail"),
    path(PLAN + "weak-items/", weak_items.page, name="measures-weak-items"),
    path(ROUND, rounds.detail, name="measures-round"),
    path(ROUND + "approve/", rounds.approve, name="measures-round-approve"),
    path(ROUND + "reopen/", rounds.reopen, name="measures-round-reopen"),
    path(ROUND + MEASURE + "<int:division_id>/", reports.edit, name="measures-report"),
]
