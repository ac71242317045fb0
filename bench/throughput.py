"""Throughput against the parsing limit: bare spaCy, end-to-end with 1 and 2 workers, Spark local.

    .venv/bin/python bench/throughput.py                 # the first 1,000 Reuters stories
    .venv/bin/python bench/throughput.py --limit 200     # a quick run
    .venv/bin/python bench/throughput.py --no-spark      # without the Spark figures

On the same texts (Reuters-21578 as JSON Lines, made by scripts/reuters_to_jsonl.py):

* parse: the bare model (``spacy.load`` of en_core_web_sm, nothing of ours) over the
  article bodies with ``nlp.pipe``, in one process: the parsing limit;
* parse-2: the same in two processes at once, each on every other story, timed from
  when both have loaded the model to when both are done: what this host allows two
  parsers (the limit for 2 workers);
* e2e-1 / e2e-2: ``eventwire ingest`` (local engine, places off unless ``--places``)
  into a fresh store with 1 and 2 worker processes: read, code, store, dedup; once
  more with 1 worker and the sentence screen off (every sentence parsed);
* spark: the Spark engine with ``local[2]``: session start-up, then the run;
* first, the sentence screen alone: how much of the text it blanks, and its cost.

Each measurement runs in a fresh child process (so that its peak resident memory is
its own): ``rss`` is the peak RSS of the biggest process that coded (a pool worker,
or the process itself with 1 worker; not shown for Spark, whose Python workers are the
JVM's). Rates are over wall time once the model is loaded (``load`` is printed apart;
for a pool, the time until its first articles come back, so the rate is the steady
one), and over CPU seconds of the whole run (start-up included); the machine may be
shared, so check the load average printed first. Words are whitespace-separated
tokens of the bodies.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578"


def corpus_file(limit: int) -> Path:
    full = ROOT / "out" / "reuters.jsonl"
    if not full.exists():
        full.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "reuters_to_jsonl.py"), str(CORPUS), str(full)],
                       check=True)
    part = ROOT / "out" / f"reuters-{limit}.jsonl"
    with open(full, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return part


def _articles(path: Path):
    from eventwire.stages.read import read_inputs

    return [a for a in read_inputs([str(path)], content_ids=True) if not hasattr(a, "fatal")]


def _peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


# --------------------------------------------------------------------------- measurements (child side)

def measure_parse(path: Path) -> dict:
    import spacy

    from eventwire.stages.nlp import MODEL

    bodies = [a.text[a.body_start:] for a in _articles(path)]
    t = time.perf_counter()
    nlp = spacy.load(MODEL)
    load = time.perf_counter() - t
    cpu, t = _cpu(), time.perf_counter()
    for _ in nlp.pipe(bodies):  # spaCy's own batch size (256): the best it does
        pass
    return {"articles": len(bodies), "load": load, "seconds": time.perf_counter() - t, "cpu": _cpu() - cpu,
            "rss": _peak_mb(resource.RUSAGE_SELF)}


def _parse_half(path: str, half: int, ready, results) -> None:
    import spacy

    from eventwire.stages.nlp import MODEL

    bodies = [a.text[a.body_start:] for a in _articles(Path(path))][half::2]
    nlp = spacy.load(MODEL)
    list(nlp.pipe(bodies[:5]))  # warm
    ready.wait()  # both loaded: the clock starts
    cpu, t = time.process_time(), time.perf_counter()
    for _ in nlp.pipe(bodies):
        pass
    results.put((half, len(bodies), time.perf_counter(), time.process_time() - cpu, _peak_mb(resource.RUSAGE_SELF)))


def measure_parse_2(path: Path) -> dict:
    """Two bare parsers at once, each on every other story: the host's limit for two workers."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    ready, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_parse_half, args=(str(path), h, ready, results)) for h in (0, 1)]
    t = time.perf_counter()
    for proc in procs:
        proc.start()
    ready.wait()
    start = time.perf_counter()
    done = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    return {"articles": sum(d[1] for d in done), "load": start - t, "seconds": max(d[2] for d in done) - start,
            "cpu": sum(d[3] for d in done), "rss": max(d[4] for d in done)}


def measure_screen(path: Path) -> dict:
    """What the sentence screen blanks before the parse, and what the look costs."""
    from eventwire.pipeline import Coder, CoderConfig

    coder = Coder(CoderConfig(locate=False))
    bodies = [a.text[a.body_start:] for a in _articles(path)]
    coder.screen.screen(bodies[0])  # built on first use
    words = blanked = sentences = 0
    t = time.perf_counter()
    for body in bodies:
        out, n = coder.screen.screen(body)
        words += len(body.split())
        blanked += len(body.split()) - len(out.split())
        sentences += n
    return {"articles": len(bodies), "words": words, "blanked": blanked, "sentences": sentences,
            "seconds": time.perf_counter() - t}


def measure_ingest(path: Path, workers: int, places: bool, screen: bool = True) -> dict:
    from eventwire.engines import local
    from eventwire.engines.local import IngestOptions, ingest
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.store import Store

    config = CoderConfig(locate=places, skip_sentences=screen)
    load = 0.0
    if workers == 1:  # load the model first, as a pool worker does before its first chunk
        t = time.perf_counter()
        local._CODER = Coder(config).load_resources()  # as the inline pool does (no freeze)
        load = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.duckdb"))
        first: list[tuple[float, int]] = []  # when the first articles came back (the workers are up)

        def progress(r) -> None:
            if not first and r.coded:
                first.append((time.perf_counter(), r.coded))

        cpu, t = _cpu(), time.perf_counter()
        report = ingest([str(path)], store, IngestOptions(workers=workers, coder=config), progress=progress)
        end = time.perf_counter()
        store.close()
    rss = _peak_mb(resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN)
    # the steady rate: from the first coded articles to the end, so that a pool's start-up
    # (spawning workers, each loading the model) is counted as load, as it is for 1 worker
    (t_first, n_first), = first
    if workers > 1:
        load = t_first - t
    return {"articles": report.coded - n_first, "events": report.events, "load": load, "seconds": end - t_first,
            "total_seconds": end - t, "cpu": _cpu() - cpu, "cpu_articles": report.coded,
            "store_seconds": report.store_seconds, "rss": rss}


def measure_paired(path: Path, places: bool, chunk: int = 250) -> dict:
    """The bare parse and the end-to-end ingest in turns, on the same chunks, in one process.

    On a shared machine the speed of a core drifts by a third between runs minutes apart,
    more than the difference being measured. Here both sides see the same drift: each chunk
    of stories is parsed by the bare model and ingested end to end (read, screen, parse,
    every stage, store, dedup, into one store that grows) back to back, the order swapped
    every other chunk. A chunk is as many stories as the engine writes to the store at once
    (its batch), so each ingest pays the store's per-batch costs as a long run does. The
    ratio is taken over process CPU time (what one core did) and wall time, in total and
    per chunk."""
    import spacy

    from eventwire.engines import local
    from eventwire.engines.local import IngestOptions, ingest
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.stages.nlp import MODEL
    from eventwire.store import Store

    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    articles = _articles(path)
    bare = spacy.load(MODEL)
    config = CoderConfig(locate=places)
    local._CODER = Coder(config).load_resources()
    list(bare.pipe([a.text[a.body_start:] for a in articles[:10]]))  # warm both
    sides = {"parse": [0.0, 0.0], "e2e": [0.0, 0.0]}  # cpu, wall
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.duckdb"))
        for k, start in enumerate(range(0, len(lines), chunk)):
            part = os.path.join(tmp, f"chunk-{k}.jsonl")
            with open(part, "w", encoding="utf-8") as out:
                out.writelines(lines[start:start + chunk])
            bodies = [a.text[a.body_start:] for a in articles[start:start + chunk]]
            spent = {}
            for side in (("parse", "e2e") if k % 2 == 0 else ("e2e", "parse")):
                cpu, t = time.process_time(), time.perf_counter()
                if side == "parse":
                    for _ in bare.pipe(bodies):
                        pass
                else:
                    ingest([part], store, IngestOptions(workers=1, coder=config))
                spent[side] = time.process_time() - cpu
                sides[side][0] += spent[side]
                sides[side][1] += time.perf_counter() - t
            ratios.append(spent["parse"] / spent["e2e"])
        store.close()
    ratios.sort()
    return {"articles": len(articles), "parse_cpu": sides["parse"][0], "parse_wall": sides["parse"][1],
            "e2e_cpu": sides["e2e"][0], "e2e_wall": sides["e2e"][1], "chunks": len(ratios),
            "chunk_ratio_min": ratios[0], "chunk_ratio_median": ratios[len(ratios) // 2],
            "chunk_ratio_max": ratios[-1]}


def measure_spark(path: Path, places: bool) -> dict:
    from eventwire.engines.local import IngestOptions
    from eventwire.engines.spark import SparkOptions, ingest_spark, spark_session
    from eventwire.pipeline import CoderConfig
    from eventwire.store import Store

    t = time.perf_counter()
    spark = spark_session("local[2]")
    spark.sparkContext.parallelize([0, 1], 2).count()  # the JVM and the first Python workers up
    startup = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.duckdb"))
        t = time.perf_counter()
        report = ingest_spark([str(path)], store, IngestOptions(coder=CoderConfig(locate=places)),
                              SparkOptions(master="local[2]"))
        seconds = time.perf_counter() - t
        store.close()
    spark.stop()
    # the Python workers are the JVM's children, not ours: their memory is not seen from here
    return {"articles": report.coded, "events": report.events, "load": startup, "seconds": seconds,
            "cpu": None, "store_seconds": report.store_seconds, "rss": None}


# --------------------------------------------------------------------------- driver

def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"measurement {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=1000, help="the first N Reuters stories (default 1000)")
    ap.add_argument("--no-spark", action="store_true", help="skip the Spark measurement")
    ap.add_argument("--places", action="store_true", help="geolocate events too (off by default, like ingest --no-places)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, path = args.child[0], Path(args.child[1])
        places = "places" in args.child
        if kind == "parse":
            result = measure_parse(path)
        elif kind == "parse-2":
            result = measure_parse_2(path)
        elif kind == "screen":
            result = measure_screen(path)
        elif kind == "spark":
            result = measure_spark(path, places)
        elif kind == "paired":
            result = measure_paired(path, places)
        else:
            result = measure_ingest(path, int(kind[-1]), places, screen="all-parsed" not in args.child)
        print(json.dumps(result))
        return 0

    path = corpus_file(args.limit)
    bodies = [a.text[a.body_start:] for a in _articles(path)]
    words = sum(len(b.split()) for b in bodies)
    print(f"corpus: {len(bodies):,} Reuters stories, {words:,} words ({path.name}); "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    extra = ["places"] if args.places else []
    screened = run_child("screen", str(path))
    print(f"sentence screen: {screened['sentences']:,} sentences, {screened['blanked']:,} words "
          f"({screened['blanked'] / max(1, screened['words']):.1%}) blanked before the parse; "
          f"the look took {screened['seconds']:.2f} s")
    runs = [("parse (bare nlp.pipe)", ["parse", str(path)]),
            ("parse, 2 processes", ["parse-2", str(path)]),
            ("e2e, 1 worker", ["e2e-1", str(path), *extra]),
            ("e2e, 1 worker, no screen", ["e2e-1", str(path), "all-parsed", *extra]),
            ("e2e, 2 workers", ["e2e-2", str(path), *extra])]
    if not args.no_spark:
        runs.append(("spark local[2]", ["spark", str(path), *extra]))
    print(f"{'':24} {'art/s':>7} {'words/s':>8} {'art/cpu-s':>9} {'load s':>7} {'run s':>7} {'peak RSS MB':>11}")
    rates = {}
    for name, child in runs:
        r = run_child(*child)
        rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
        wps = words * r["articles"] / len(bodies) / r["seconds"] if r["seconds"] else 0.0
        per_cpu = f"{r.get('cpu_articles', r['articles']) / r['cpu']:9.1f}" if r.get("cpu") else f"{'-':>9}"
        rates.setdefault(child[0], rate)
        rss = f"{r['rss']:11.0f}" if r["rss"] else f"{'-':>11}"
        print(f"{name:24} {rate:7.1f} {wps:8.0f} {per_cpu} {r['load']:7.1f} {r['seconds']:7.1f} {rss}",
              flush=True)
    if "e2e-1" in rates and "e2e-2" in rates and rates["e2e-1"]:
        print(f"2 workers / 1 worker: {rates['e2e-2'] / rates['e2e-1']:.2f}x "
              f"(2 bare parsers / 1: {rates['parse-2'] / rates['parse']:.2f}x); "
              f"e2e 1 worker / bare parse: {rates['e2e-1'] / rates['parse']:.2f}x (separate runs)")
    p = run_child("paired", str(path), *extra)
    n = p["articles"]
    print(f"paired, in turns on chunks of 250 stories (one process, 1 core): bare parse {n / p['parse_cpu']:.1f} "
          f"art/cpu-s, e2e {n / p['e2e_cpu']:.1f} art/cpu-s; e2e / bare parse: "
          f"{p['parse_cpu'] / p['e2e_cpu']:.2f}x CPU, {p['parse_wall'] / p['e2e_wall']:.2f}x wall; "
          f"per chunk (CPU) {p['chunk_ratio_min']:.2f}-{p['chunk_ratio_max']:.2f}x, "
          f"median {p['chunk_ratio_median']:.2f}x over {p['chunks']} chunks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
