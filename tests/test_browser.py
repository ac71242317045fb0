"""The dashboard in a real browser: Playwright (from PyPI) driving Debian's chromium
against a real uvicorn server over a small store. No screenshots are written.

Skipped, with the reason, only on a developer machine without chromium or
Playwright; under CI (CI=true) their absence is a failure: .ci/run installs chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

from test_api import OTHER, build_store


def _need(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run the browser tests: .ci/run installs chromium)")
    pytest.skip(what)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from eventwire.serve import create_app

    path = tmp_path_factory.mktemp("browser") / "events.duckdb"
    store = build_store(path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(path), store=store), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        _need("playwright is not installed (pip install -e '.[test]')")
    if CHROMIUM is None:
        _need("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page that fails the test on any request leaving the server, any script
    error and any dialog (an alert from injected markup)."""
    context = browser.new_context()
    pg = context.new_page()
    problems: list[str] = []

    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            problems.append(f"request outside the server: {route.request.url}")
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems
    yield pg
    context.close()
    assert problems == []


def first_event_id(page, server, query: str) -> str:
    return page.request.get(f"{server}/events?{query}").json()["items"][0]["cluster_id"]


def test_every_page_loads(page, server):
    event_id = first_event_id(page, server, "article=ge1")
    for path in ["/", "/ui/events", f"/ui/events/{event_id}", "/ui/dyad?a=AZE&b=ARM", "/ui/actors",
                 "/ui/actors/AZE", "/ui/map", "/static/style.css"]:
        response = page.goto(server + path)
        assert response.status == 200, path
    page.goto(server + "/ui/events")
    assert page.evaluate("getComputedStyle(document.querySelector('header')).display") == "flex"  # CSS applied


def test_overview_chart_and_tables_have_data(page, server):
    page.goto(server + "/")
    chart = page.locator("#timeline svg")
    assert chart.bounding_box()["width"] > 300
    bars = page.locator("#timeline svg rect title")
    assert bars.count() >= 4  # one bar piece per period and quad class present
    labels = " ".join(bars.all_text_contents())
    assert "2022-10-01 material conflict: 1" in labels
    assert page.locator("#timeline svg polyline").count() == 1  # the Goldstein line
    assert page.locator("#top-dyads tbody tr").count() >= 3
    assert "AZEMIL" in page.locator("#top-actors").inner_text()


def test_dyad_page_chart_and_events_of_each_period(page, server):
    page.goto(server + "/ui/dyad?a=AZE&b=ARM&by=month")
    assert page.locator("#dyad-chart svg rect title").count() >= 3
    periods = page.locator("details.period")
    assert periods.count() == 3
    assert periods.nth(0).locator("summary").inner_text().startswith("2022-10-01: 1 events")
    periods.nth(0).locator("summary").click()
    assert periods.nth(0).locator("tr.event").count() == 1
    december = periods.nth(2)
    assert december.locator("tr.event").count() == 3  # AZE->ARM twice and ARM->AZE once


def test_filters_change_the_list(page, server):
    page.goto(server + "/ui/events")
    assert page.locator("tr.event").count() == 6
    page.select_option("select[name=quad_class]", "4")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**quad_class=4**")
    assert page.locator("#total").inner_text() == "3"
    assert page.locator("tr.event").count() == 3
    assert page.locator("tr.event.q4").count() == 3
    page.fill("input[name=text]", "ceasefire")
    page.select_option("select[name=quad_class]", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**text=ceasefire**")
    assert page.locator("tr.event").count() == 2
    assert "quad_class" not in page.url  # the empty field was dropped


def test_highlight_marks_the_trigger_source_and_target(page, server):
    event_id = first_event_id(page, server, "article=ge1")
    mention = page.request.get(f"{server}/events/{event_id}").json()["mentions"][0]
    page.goto(server + "/ui/events?article=ge1")
    row = page.locator("tr.event").first
    assert row.locator("mark.trigger").inner_text() == mention["trigger"]["text"]
    assert row.locator("mark.source").inner_text() == OTHER[slice(*mention["source"]["span"])]
    assert row.locator("mark.target").inner_text() == OTHER[slice(*mention["target"]["span"])]
    page.goto(f"{server}/ui/events/{event_id}")
    assert page.locator("section.mention mark.trigger").inner_text() == mention["trigger"]["text"]
    assert "AFP" in page.locator("section.mention .outlet").inner_text()
    assert "publication" in page.locator("section.mention .date-basis").inner_text()


def test_injected_markup_does_not_run(page, server):
    event_id = first_event_id(page, server, "article=xss")
    for path in [f"/ui/events/{event_id}", "/ui/events", "/ui/actors", "/ui/dyad?a=ARM&b=AZE"]:
        page.goto(server + path)
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("main img").count() == 0, path
    page.goto(f"{server}/ui/events/{event_id}")
    assert "<script>window.__pwned=2</script>" in page.locator("section.mention .evidence").inner_text()


def test_map_draws_the_outline_and_the_places(page, server):
    page.goto(server + "/ui/map")
    assert page.locator("#map .countries path").count() > 150
    dots = page.locator("#map circle")
    assert dots.count() == 4  # three events in Baku, one in Geneva
    assert page.locator("#placed").inner_text() == "4"
    geneva = page.locator("#map circle", has=page.locator("title", has_text="Geneva"))
    box = geneva.bounding_box()
    assert box and box["width"] > 0
    page.goto(server + "/ui/map?cameo=112")
    assert page.locator("#map circle").count() == 1
