"""How fast the documents are made. Prints medians over several runs:

- the whole `render_report measures` process for the demo agency, on a prepared SQLite database;
- LibreOffice (`soffice --headless --convert-to pdf`) on the same document as HTML, if installed;
- the render time and peak memory of a synthetic plan of 200 measures, in a child process;
- a cached PDF download through the Django test client.

Goals: our render at most half of LibreOffice's; 200 measures under 5 s on a 2-core machine; a
cached download under 50 ms.

Usage: .venv/bin/python bench/pdf.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SYNTHETIC_MEASURES = 200


def environment(folder: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "itaportal.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, capture_output=True)


def timed(command: list[str], env: dict, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def child(env: dict, task: str, runs: int) -> dict:
    result = subprocess.run(
        [PYTHON, __file__, "--child", task, "--runs", str(runs)], env=env, check=True,
        capture_output=True, text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as name:
        folder = Path(name)
        env = environment(folder)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        render = [PYTHON, str(ROOT / "manage.py"), "render_report", "measures", "--org", "po",
                  "--year", "2568", "--output", str(folder / "po.pdf")]
        ours = timed(render, env, runs)
        report("render_report measures (whole process, demo agency)", ours)

        manage(env, "render_report", "measures", "--org", "po", "--year", "2568",
               "--output", str(folder / "po.html"), "--format", "html")
        soffice = shutil.which("soffice")
        if soffice:
            # LibreOffice gets the same font as our documents, from the font package.
            env = {**env, "FONTCONFIG_FILE": str(fontconfig_with_sarabun(folder))}
            profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
            convert = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir",
                       str(folder / "lo"), str(folder / "po.html")]
            # The first start creates LibreOffice's profile: not part of a conversion.
            subprocess.run(convert, env=env, check=True, capture_output=True)
            theirs = timed(convert, env, runs)
            report("soffice --headless --convert-to pdf (same HTML)", theirs)
            ratio = statistics.median(ours) / statistics.median(theirs)
            print(f"  ours / LibreOffice: {ratio:.2f} (goal: at most 0.50)")
        else:
            print("LibreOffice: not installed (apt-get install --no-install-recommends libreoffice-writer)")

        synthetic = child(env, "synthetic", runs)
        report("measures_document, demo agency (render only, warm process as in a server)",
               synthetic["demo_times"])
        report(f"synthetic plan of {SYNTHETIC_MEASURES} measures (render only)", synthetic["times"],
               goal=5.0)
        print(f"  pages: {synthetic['pages']}, peak memory of the process: {synthetic['maxrss_mb']:.0f} MB,"
              f" Python allocations at peak of one render: {synthetic['tracemalloc_mb']:.0f} MB")

        cached = child(env, "cached", max(runs, 20))
        report("cached download through the test client", cached["times"], goal=0.050)


def fontconfig_with_sarabun(folder: Path) -> Path:
    from fontpkg_sarabun import ROOT as SARABUN

    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{SARABUN / 'files'}</dir>\n  <cachedir>{folder / 'fontconfig-cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    return config


def report(label: str, times: list[float], goal: float | None = None) -> None:
    median = statistics.median(times)
    spread = f"min {min(times):.3f} s, max {max(times):.3f} s, {len(times)} runs"
    verdict = "" if goal is None else f"  goal < {goal:g} s: {'met' if median < goal else 'MISSED'}"
    print(f"{label}: median {median:.3f} s ({spread}){verdict}")


def run_child(task: str, runs: int) -> dict:
    import django

    django.setup()
    if task == "synthetic":
        return synthetic_render(runs)
    return cached_download(runs)


def synthetic_render(runs: int) -> dict:
    """The demo plan grown to 200 measures (rolled back afterwards), rendered `runs` times."""
    import tracemalloc
    from io import BytesIO

    from django.db import transaction
    from pypdf import PdfReader

    from measures.models import Measure, Plan
    from reports.pdf import measures_document

    with transaction.atomic():
        plan = Plan.objects.get(organization__slug="po", fiscal_year=2568)
        measures_document(plan)  # warm: fonts registered, modules imported
        demo_times = []
        for _ in range(runs):
            start = time.perf_counter()
            measures_document(plan)
            demo_times.append(time.perf_counter() - start)
        templates = list(Measure.objects.filter(plan=plan).prefetch_related("divisions"))
        themes = list(plan.themes.all())
        for n in range(SYNTHETIC_MEASURES - len(templates)):
            source = templates[n % len(templates)]
            theme = themes[n % len(themes)]
            measure = Measure.objects.create(
                plan=plan, theme=theme, number=100 + n, title=f"{source.title} (ชุดที่ {n + 1})",
                steps=source.steps + "\n- ติดตามและรายงานผลต่อผู้บริหารทุกไตรมาส",
                all_divisions=source.all_divisions,
                start_month=source.start_month, end_month=source.end_month, follow_up=source.follow_up,
            )
            measure.divisions.set(source.divisions.all())
        assert plan.measures.count() == SYNTHETIC_MEASURES
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            content = measures_document(plan)
            times.append(time.perf_counter() - start)
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()  # one more render, traced: tracing slows Python down too much to time it
        measures_document(plan)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    return {
        "times": times,
        "demo_times": demo_times,
        "pages": len(PdfReader(BytesIO(content)).pages),
        "maxrss_mb": maxrss / 1024,
        "tracemalloc_mb": peak / 1024 / 1024,
    }


def cached_download(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username="po-executive"))
    url = reverse("reports-measures-pdf", args=["po", 2568])
    b"".join(client.get(url).streaming_content)  # the first download renders and fills the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return {"times": times}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["synthetic", "cached"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(run_child(arguments.child, arguments.runs)))
    else:
        main(arguments.runs)
