"""The JSON API. Thin: parameters in, the store's (or the coder's) answer out.

Filters are the store's :class:`~eventwire.store.EventFilter`; every value reaches
DuckDB as a query parameter. Bad parameters get 422 with ``{"error": ...}``.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Iterator, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from eventwire import CODER_NAME, __version__
from eventwire.serve import queries
from eventwire.store import EventFilter, Store
from eventwire.store.filters import SORTS

router = APIRouter()

Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]
Period = Literal["day", "week", "month", "year"]
DYADS_TOP = 100  # dyads in a /dyads answer unless asked otherwise (top=0: all)


def json_response(payload: Any, status_code: int = 200) -> Response:
    """JSON straight from the store's rows (dates as ISO text): FastAPI's generic
    encoder walks every value in Python, which costs more than the query on big pages."""
    return Response(json.dumps(payload, ensure_ascii=False, default=_plain, separators=(",", ":")),
                    status_code=status_code, media_type="application/json")


class RawJSON(str):
    """JSON text already encoded, put into a :func:`json_object` as it is."""


def json_object(fields: dict[str, Any]) -> str:
    """``json.dumps(fields)`` as :func:`json_response` writes it, with :class:`RawJSON` values inserted verbatim."""
    return "{" + ",".join(_dumps(k) + ":" + (v if isinstance(v, RawJSON) else _dumps(v)) for k, v in fields.items()) + "}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def store_cursor(request: Request) -> Iterator[Store]:
    """The request's own handle on the server's store (see eventwire.serve.app)."""
    cursor = request.app.state.ew.store.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def event_filter(
    actor: str | None = Query(None, max_length=40, description="source or target: a code prefix (AZE takes AZEGOV) "
                                                              "or, with three letters, a country"),
    source: str | None = Query(None, max_length=40, description="source actor (code prefix or country)"),
    target: str | None = Query(None, max_length=40, description="target actor (code prefix or country)"),
    country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="either actor's country or the place's"),
    cameo: str | None = Query(None, pattern=r"^\d{2,4}$", description="CAMEO code or root: 04 takes 040-046"),
    quad_class: int | None = Query(None, ge=1, le=4, description="1 verbal coop., 2 material coop., "
                                                                 "3 verbal conflict, 4 material conflict"),
    plover: str | None = Query(None, pattern=r"^[A-Za-z_]{2,30}$", description="PLOVER type, e.g. CONSULT"),
    start: date | None = Query(None, description="event date on or after (YYYY-MM-DD)"),
    end: date | None = Query(None, description="event date on or before (YYYY-MM-DD)"),
    location: str | None = Query(None, max_length=200, description="place name (case-insensitive)"),
    outlet: str | None = Query(None, max_length=200, description="outlet of any mention (case-insensitive)"),
    text: str | None = Query(None, max_length=200, description="evidence of any mention contains this"),
    article: str | None = Query(None, max_length=200, description="any mention comes from this article id"),
    min_mentions: int | None = Query(None, ge=1, description="reported at least this many times"),
) -> EventFilter:
    if start and end and start > end:
        raise HTTPException(422, f"start {start} is after end {end}")
    return EventFilter(actor=actor or None, source=source or None, target=target or None, country=country or None,
                       cameo=cameo or None, quad_class=quad_class, plover_type=plover or None, start=start,
                       end=end, location=location or None, outlet=outlet or None, text=text or None,
                       article=article or None, min_mentions=min_mentions)


# --------------------------------------------------------------------------- reading

@router.get("/health", tags=["service"])
def health(store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Alive, with the store's counts."""
    return {"status": "ok", "version": __version__, "coder": CODER_NAME, "store": store.path,
            "schema_version": store.version, "counts": store.counts()}


@router.get("/events", tags=["events"])
def list_events(f: EventFilter = Depends(event_filter), page: int = Query(1, ge=1),
                per_page: int = Query(50, ge=1, le=1000), sort: Sort = Query("-date"),
                store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Happenings (deduplicated events), filtered, sorted and paged:
    ``{"items": [...], "total": n, "page": p, "per_page": k}``."""
    return json_response(store.query_events(f, page=page, per_page=per_page, sort=sort))


@router.get("/events/{event_id}", tags=["events"])
def get_event(event_id: str, store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """One happening (by its id or any of its mentions' ids) with every mention as the
    coder wrote it (evidence, spans, date and place basis), its article, and why the
    mentions were linked."""
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return json_response(event)


@router.get("/dyads", tags=["aggregates"])
def dyads(f: EventFilter = Depends(event_filter), by: Period = Query("month"),
          level: Literal["country", "code"] = Query("country"),
          top: int = Query(DYADS_TOP, ge=0, le=1_000_000, description=(
              "only the N dyads with the most happenings (over every period); 0: every dyad")),
          store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Happenings per period and dyad, as ``eventwire dyads``: counts per quad class and
    PLOVER type, Goldstein sum and mean, mentions. At most ``top`` dyads (default
    100): ``dyads`` tells how many the whole table has, ``truncated`` whether some were left out."""
    rows, n_dyads = store.dyads_json(by=by, filters=f, level=level, top=top)  # JSON text, encoded by DuckDB
    body = json_object({"by": by, "level": level, "rows": RawJSON(rows), "dyads": n_dyads,
                        "top": top, "truncated": bool(top) and n_dyads > top})
    return Response(body, media_type="application/json")


@router.get("/actors", tags=["aggregates"])
def actors(f: EventFilter = Depends(event_filter), unknown: bool = Query(False, description=(
               "the actor texts the coder could not resolve, most frequent first")),
           limit: int = Query(100, ge=1, le=1000), store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Actors by how often they act and are acted upon (or, ``unknown=true``, unresolved actor texts)."""
    return json_response({"unknown": unknown, "items": queries.actor_rows(store, f, unknown=unknown, limit=limit)})


@router.get("/claims", tags=["claims"])
def claims(request: Request,
           actor: list[str] = Query([], max_length=10, description="made by or about this actor (a code or its "
                                                                  "start; repeat for several)"),
           contested: bool = Query(False, description="only contested topics, both sides' statements grouped"),
           limit: int = Query(100, ge=1, le=500, description="look at the newest N stored articles about the actors"),
           store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Claims (who asserts, denies or questions what) in stored articles, linked into
    contested topics. Coded on request and cached until the store keeps claims; the
    first call for new articles loads the coder and takes seconds."""
    from eventwire.serve.claims import claims_answer

    if any(len(a) > 40 or not a.strip() for a in actor):
        raise HTTPException(422, "actor: 1 to 40 characters each")
    return claims_answer(request.app.state.ew, store, actor, contested, limit)


# --------------------------------------------------------------------------- coding

class ArticleIn(BaseModel):
    text: str = Field(..., min_length=1, description="the article: body, optionally a dateline first")
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, max_length=40, description="publication date (ISO or as in wire metadata)")
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200, description="the outlet")


@router.post("/code", tags=["coding"])
def code(article: ArticleIn, request: Request) -> dict[str, Any]:
    """Code one article and return its events; nothing is stored."""
    articles, problems = _read_posted([article.model_dump()])
    if not articles:
        raise HTTPException(422, "; ".join(p["message"] for p in problems) or "no article")
    coder = request.app.state.ew.coder()
    with request.app.state.ew.coder_lock:  # one spaCy pipeline, used by one request at a time
        events = coder.code_article(articles[0])
    return {"article_id": articles[0].id, "warnings": articles[0].warnings,
            "events": [e.to_dict() for e in events]}


@router.post("/articles", tags=["coding"])
def post_articles(request: Request, payload: Any = Body(..., description=(
                      "one article object, a list of them, or {\"articles\": [...]}; fields as for /code")),
                  store: Store = Depends(store_cursor)) -> dict[str, Any]:
    """Code and store articles as ``eventwire ingest`` does: articles already stored are
    skipped, copies and repeated events are linked, problems are recorded. What is
    stored is queryable when this returns."""
    from eventwire.engines.local import IngestOptions, ingest_items

    if isinstance(payload, (bytes, str)):
        # a body that is not JSON (text/plain, form data) never reaches the reader
        raise HTTPException(422, "body: expected JSON (an article object, a list, or {\"articles\": [...]})")
    if isinstance(payload, dict) and "articles" in payload:
        payload = payload["articles"]
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise HTTPException(422, "articles: empty list")
    articles, problems = _read_posted(items)
    if not articles:
        raise HTTPException(422, "; ".join(p["message"] for p in problems))
    state = request.app.state.ew
    readings = [*articles, *(_problem_item(p) for p in problems)]
    with state.ingest_lock:
        report = ingest_items(readings, store, IngestOptions(workers=1, coder=state.coder_config))
        store.record_run(report.started, datetime.now(timezone.utc).replace(tzinfo=None), ["api"], report.coded,
                         report.events, report.errors, report.seconds, report.store_seconds)
    return {"read": len(articles), "stored": report.coded, "skipped": report.skipped, "failed": report.failed,
            "events": report.events, "copies": report.copies, "article_ids": [a.id for a in articles],
            "problems": problems}


def _read_posted(items: list[Any]) -> tuple[list, list[dict[str, str]]]:
    """Posted JSON articles through the same reader as files (same ids, same checks);
    origins read ``api#N``."""
    from eventwire.stages.read import read_inputs

    articles, problems = [], []
    text = json.dumps(items, ensure_ascii=False)
    for item in read_inputs(["-"], stdin=io.StringIO(text), content_ids=True):
        origin = item.origin.replace("<stdin>", "api", 1) if item.origin else "api"
        if hasattr(item, "message"):
            problems.append({"origin": origin, "message": f"{origin}: {item.message}"})
        else:
            item.origin = origin
            articles.append(item)
    return articles, problems


def _problem_item(problem: dict[str, str]):
    from eventwire.stages.read import ReadProblem

    return ReadProblem(problem["origin"], problem["message"].split(": ", 1)[-1])
