"""Load time and resident memory of the gazetteer, in a fresh process.

    .venv/bin/python bench/gazetteer_load.py

RSS is read from /proc/self/status (VmRSS now, VmHWM the peak) before and after
``load_gazetteer()``; the import of the module is counted in the load. Wall time
depends on what else the machine runs, so the CPU time of this process and the load
average are printed too.
"""

from __future__ import annotations

import os
import time


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    rss_before = _status_mb("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    from eventwire.knowledge.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    n = 100_000
    for _ in range(n // 4):
        gaz.resolve("Geneva")
        gaz.resolve("Washington", ["USA"])
        gaz.resolve("Georgia")
        gaz.resolve("Bak")
    lookup_us = (time.perf_counter() - t1) / n * 1e6
    rss_after = _status_mb("VmRSS")
    print(f"keys: {len(gaz)}")
    print(f"load time: {load_s:.2f} s")
    print(f"load CPU time: {load_cpu:.2f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"RSS before: {rss_before:.0f} MB, after: {rss_after:.0f} MB "
          f"(gazetteer: {rss_after - rss_before:.0f} MB), peak: {_status_mb('VmHWM'):.0f} MB")
    print(f"resolve(): {lookup_us:.1f} µs a call")


if __name__ == "__main__":
    main()
