"""``eventwire serve``: the web API and dashboard over one store.

Argument parsing and the address check only: the app is :func:`eventwire.serve.create_app`.
The server listens on the loopback interface unless ``--allow-remote`` is given:
the API accepts articles to code and store, and has no authentication.
"""

from __future__ import annotations

import ipaddress
import os

from eventwire.errors import EventwireError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def register(sub) -> dict:
    p = sub.add_parser("serve", help="serve the web API and dashboard over a store",
                       description="Serve the JSON API (OpenAPI at /docs) and the dashboard over one store. "
                                   "The server owns the store: ingest while it runs by POSTing to /articles.")
    p.add_argument("--db", default=None, metavar="FILE", help="the store file (default: ./eventwire.duckdb)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow listening on a non-loopback address (the API has no authentication)")
    p.add_argument("--no-places", action="store_true", help="code posted articles without event geolocation")
    return {"serve": cmd_serve}


def is_loopback(host: str) -> bool:
    """Only the loopback interface: 127.0.0.0/8, ::1 or a loopback name (never 0.0.0.0)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int, allow_remote: bool) -> None:
    if not 0 < port < 65536:
        raise EventwireError(f"--port {port}: not a port number (1-65535)")
    if not is_loopback(host) and not allow_remote:
        raise EventwireError(f"--host {host}: not a loopback address; the API has no authentication, "
                             "so serving beyond this machine needs --allow-remote")


def cmd_serve(args) -> int:
    check_address(args.host, args.port, args.allow_remote)
    try:
        import uvicorn

        from eventwire.serve import create_app
    except ImportError as err:
        raise EventwireError(f"the web server needs the web extra: pip install 'eventwire[web]' ({err.name} "
                             "is missing)") from None
    from eventwire.pipeline import CoderConfig
    from eventwire.store import DEFAULT_STORE

    path = args.db or os.environ.get("EVENTWIRE_DB") or DEFAULT_STORE
    app = create_app(path, coder_config=CoderConfig(locate=not args.no_places))
    print(f"eventwire: serving {path} on http://{args.host}:{args.port}/ (API docs at /docs)", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except OSError as err:  # port in use, address not available
        raise EventwireError(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}") from None
    return 0
