"""Claims for the API and the dyad pages, until the store keeps them.

The store has no claims table yet (ingest codes events only), so the claims of
stored articles are coded on request with the server's coder (the pipeline's
``code_documents``), cached per article (a stored article never changes), and
linked into contested topics with :func:`eventwire.claims_link.link_claims`.
Bounded by ``limit`` articles per request: the newest ones about the actors asked.
"""

from __future__ import annotations

from typing import Any

from eventwire.claims_link import link_claims
from eventwire.serve import queries
from eventwire.store import Store

MAX_CACHED_ARTICLES = 20_000


def stored_claims(state, store: Store, actors: list[str], limit: int) -> list:
    """The claims made in the newest ``limit`` stored articles about ``actors``."""
    keys = queries.articles_about(store, actors, limit)
    cache: dict[str, list] = state.claims_cache
    missing = [k for k in keys if k not in cache]
    if missing:
        coder = state.coder()
        with state.coder_lock:
            for coded in coder.code_documents(queries.stored_articles(store, missing)):
                if len(cache) >= MAX_CACHED_ARTICLES:
                    cache.clear()
                cache[coded.article.id] = coded.claims
    return [c for k in keys for c in cache.get(k, [])]


def involves(claim, actors: list[str]) -> bool:
    """Made by or about one of ``actors`` (a code or its start: ARM takes ARMGOV)."""
    for m in (claim.claimant, claim.proposition.subject):
        code = (m.actor.code or "").upper() if m is not None else ""
        country = (m.actor.country or "").upper() if m is not None else ""
        if any(code.startswith(a) or country == a for a in actors):
            return True
    return False


def claims_answer(state, store: Store, actors: list[str], contested: bool, limit: int) -> dict[str, Any]:
    actors = [a.strip().upper() for a in actors if a and a.strip()]
    claims = stored_claims(state, store, actors, limit)
    contests = link_claims(claims)
    if actors:
        claims = [c for c in claims if involves(c, actors)]
        contests = [k for k in contests if any(involves(c, actors) for c in k.claims)]
    if contested:
        return {"contested": True, "items": [k.to_dict() for k in contests]}
    ids = {c.claim_id: k.contest_id for k in contests for c in k.claims}
    return {"contested": False, "items": [{**c.to_dict(), "contest_id": ids.get(c.claim_id)} for c in claims]}
