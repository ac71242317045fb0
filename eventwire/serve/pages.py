"""The dashboard: server-rendered pages (Jinja2, every value escaped), charts drawn
as SVG on the server (:mod:`eventwire.charts`), no script and no remote asset.

    /                    overview: events over time by quad class, top dyads, top actors
    /ui/events           event list with filters; evidence with trigger, source, target marked
    /ui/events/{id}      one event: provenance of each mention
    /ui/dyad?a=..&b=..   cooperation and conflict between two actors, the events of each period
    /ui/actors, /ui/actors/{code}
    /ui/map              event places on the shipped world outline
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from eventwire import CODER_NAME
from eventwire.charts import LINE_COLOUR, QUAD_COLOURS, Series, stacked_bars_svg
from eventwire.serve import highlight, queries, worldmap
from eventwire.serve.api import Period, Sort, event_filter, store_cursor
from eventwire.store import EventFilter, Store
from eventwire.store.filters import SORTS

router = APIRouter(include_in_schema=False)
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
TEMPLATES.filters["web_url"] = lambda url: url if isinstance(url, str) and url.lower().startswith(
    ("http://", "https://")) else None  # never a javascript: or data: link from an article's metadata
TEMPLATES.globals.update(coder=CODER_NAME, quad_names=dict(enumerate(QUAD_NAMES, 1)),
                         quad_colours=dict(enumerate(QUAD_COLOURS, 1)))


def render(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context))


def quad_chart(series: list[dict[str, Any]], title: str) -> str:
    """Stacked quad-class bars per period with the Goldstein mean; '' when there is nothing."""
    if not series:
        return ""
    labels = [p["period"] for p in series]
    bars = [Series(name, [float(p[q]) for p in series], colour)
            for name, q, colour in zip(QUAD_NAMES, queries.QUADS, QUAD_COLOURS)]
    line = Series("Goldstein mean (right axis)", [p["goldstein_mean"] for p in series], LINE_COLOUR)
    return stacked_bars_svg(labels, bars, title=title, line=line)


def with_evidence(store: Store, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Happenings with their representative's evidence cut into marked pieces."""
    reps = queries.representatives(store, items)
    out = []
    for item in items:
        rep = reps.get(item["cluster_id"])
        out.append({**item, "record": rep["record"] if rep else None,
                    "pieces": highlight.pieces(rep["record"], rep["text"]) if rep else []})
    return out


# --------------------------------------------------------------------------- pages

@router.get("/", response_class=HTMLResponse)
def overview(by: Period = Query("month"), store: Store = Depends(store_cursor)):
    rows = queries.dyad_rows(store, EventFilter(), by=by)
    series = queries.series(rows)
    return render("overview.html", counts=store.counts(), by=by,
                  chart=quad_chart(series, f"Events per {by}, by quad class"),
                  dyads=queries.top_dyads(rows), actors=queries.actor_rows(store, EventFilter(), limit=15))


@router.get("/ui/events", response_class=HTMLResponse)
def events_page(request: Request, f: EventFilter = Depends(event_filter), page: int = Query(1, ge=1),
                per_page: int = Query(50, ge=1, le=500), sort: Sort = Query("-date"),
                store: Store = Depends(store_cursor)):
    result = store.query_events(f, page=page, per_page=per_page, sort=sort)
    pages = max(1, -(-result["total"] // per_page))
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    return render("events.html", f=f, sort=sort, sorts=list(SORTS), result=result, page=page,
                  pages=pages, query=query, items=with_evidence(store, result["items"]))


@router.get("/ui/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: str, store: Store = Depends(store_cursor)):
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    texts = queries.article_texts(store, [m["article"]["id"] for m in event["mentions"]])
    mentions = [{**m, "pieces": highlight.pieces(m, texts.get(m["article"]["id"]))} for m in event["mentions"]]
    return render("event.html", event=event, mentions=mentions)


@router.get("/ui/dyad", response_class=HTMLResponse)
def dyad_page(a: str = Query(..., min_length=1, max_length=40, description="one actor (code prefix or country)"),
              b: str = Query(..., min_length=1, max_length=40, description="the other actor"),
              by: Period = Query("month"), f: EventFilter = Depends(event_filter),
              store: Store = Depends(store_cursor)):
    a, b = a.strip().upper(), b.strip().upper()
    rows = []
    for src, tgt in ((a, b), (b, a)):
        g = EventFilter(**{**vars(f), "source": src, "target": tgt, "actor": None})
        rows += queries.dyad_rows(store, g, by=by)
    series = queries.series(rows)
    grouped = queries.dyad_events(store, a, b, f, by)
    periods = []
    for p in series:
        first, last = queries.period_bounds(p["period"], by)
        items = with_evidence(store, grouped.get(p["period"], []))
        periods.append({**p, "items": items, "start": first.isoformat(), "end": last.isoformat()})
    return render("dyad.html", a=a, b=b, by=by, periods=periods,
                  chart=quad_chart(series, f"{a} and {b}: events per {by}"),
                  directions=queries.top_dyads(rows))


@router.get("/ui/claims", response_class=HTMLResponse)
def claims_page(request: Request, a: str = Query(..., min_length=1, max_length=40),
                b: str = Query(..., min_length=1, max_length=40), limit: int = Query(100, ge=1, le=500),
                store: Store = Depends(store_cursor)):
    """Contested topics between two actors: each side's statements, dates and sources."""
    from eventwire.serve.claims import claims_answer

    a, b = a.strip().upper(), b.strip().upper()
    answer = claims_answer(request.app.state.ew, store, [a, b], contested=True, limit=limit)
    return render("claims.html", a=a, b=b, contests=answer["items"], limit=limit)


@router.get("/ui/actors", response_class=HTMLResponse)
def actors_page(f: EventFilter = Depends(event_filter), store: Store = Depends(store_cursor)):
    return render("actors.html", actors=queries.actor_rows(store, f, limit=200),
                  unknown=queries.actor_rows(store, f, unknown=True, limit=50))


@router.get("/ui/actors/{code}", response_class=HTMLResponse)
def actor_page(code: str, by: Period = Query("month"), store: Store = Depends(store_cursor)):
    code = code.strip().upper()
    if not code or len(code) > 40:
        raise HTTPException(422, "code: 1 to 40 characters")
    f = EventFilter(actor=code)
    known = [r for r in queries.actor_rows(store, f, limit=1000) if r["code"] == code]
    rows = queries.dyad_rows(store, f, by=by)
    recent = store.query_events(f, per_page=25, sort="-date")
    return render("actor.html", code=code, actor=known[0] if known else None, by=by,
                  chart=quad_chart(queries.series(rows), f"{code}: events per {by}"),
                  dyads=queries.top_dyads(rows), total=recent["total"],
                  items=with_evidence(store, recent["items"]))


@router.get("/ui/map", response_class=HTMLResponse)
def map_page(request: Request, f: EventFilter = Depends(event_filter), store: Store = Depends(store_cursor)):
    result = store.query_events(f, per_page=1000, sort="-mentions")
    dots = worldmap.dots(result["items"])
    return render("map.html", f=f, countries=worldmap.country_paths(), dots=dots, total=result["total"],
                  width=worldmap.WIDTH, height=worldmap.HEIGHT)
