"""A small HTTP load generator for bench/page_bench.py: raw sockets, one request a connection, threads.

Each connection sends `GET` with `Connection: close` (gunicorn's sync workers close it anyway), reads the
response to its end and keeps its status, its `X-Page-Cache` header and its latency. A request has
`timeout` seconds in all (connect, send, every read): past them it counts as a timeout. A connection
sends its next request only when the last one is answered, so at most `concurrency` requests are in
flight: the load is bounded.
"""

import itertools
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

TIMEOUT = 10.0


@dataclass
class Result:
    url: str
    seconds: float
    status: int | None = None  # None: no complete response (see error)
    cache: str = ""  # X-Page-Cache: hit, miss, or empty
    size: int = 0  # bytes of the response, headers included
    error: str = ""  # "timeout", "connection: …", or "" when a response was read


def fetch(host, port, path, timeout=TIMEOUT):
    """One GET on a new connection, as a browser asking for gzip would send it."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: socialab-page-bench\r\n"
        "Accept: text/html\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    ).encode("ascii")
    started = time.perf_counter()
    deadline = started + timeout
    chunks = []
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(request)
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError
                connection.settimeout(left)
                chunk = connection.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except TimeoutError:
        return Result(path, time.perf_counter() - started, error="timeout")
    except OSError as error:
        return Result(path, time.perf_counter() - started, error=f"connection: {error.__class__.__name__}")
    elapsed = time.perf_counter() - started
    data = b"".join(chunks)
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    try:
        status = int(head[0].split()[1])
    except (IndexError, ValueError):
        return Result(path, elapsed, size=len(data), error="connection: no status line")
    cache = next((line.split(":", 1)[1].strip() for line in head[1:] if line.lower().startswith("x-page-cache:")), "")
    return Result(path, elapsed, status, cache, len(data))


def _run(host, port, paths, concurrency, requests=None, seconds=None, timeout=TIMEOUT):
    """`concurrency` connections over `paths` in turn, until `requests` are sent or `seconds` have passed."""
    order = itertools.cycle(paths)
    lock = threading.Lock()
    results = []
    sent = itertools.count()
    started = time.perf_counter()
    stop_at = started + seconds if seconds else None

    def connection():
        while True:
            with lock:
                if requests is not None and next(sent) >= requests:
                    return
                path = next(order)
            if stop_at is not None and time.perf_counter() >= stop_at:
                return
            result = fetch(host, port, path, timeout)
            with lock:
                results.append(result)

    threads = [threading.Thread(target=connection, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def run_requests(host, port, paths, requests, concurrency, timeout=TIMEOUT):
    return _run(host, port, paths, concurrency, requests=requests, timeout=timeout)


def run_for(host, port, paths, seconds, concurrency, timeout=TIMEOUT):
    return _run(host, port, paths, concurrency, seconds=seconds, timeout=timeout)


@dataclass
class Summary:
    requests: int
    seconds: float
    per_second: float
    ok: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    over_1s: float  # share of requests (answered or not) that took more than a second
    hits: float  # share of the 200s that X-Page-Cache calls a hit
    mean_bytes: float
    error_kinds: dict = field(default_factory=dict)


def percentile(ordered, share):
    """Nearest rank, as bench/search_bench.py takes them."""
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else None


def summarise(results, seconds):
    """Requests/s counts only 200s; latencies are of every request (errors included: a timeout is 10 s)."""
    ok = [result for result in results if result.status == 200]
    errors = [result for result in results if result.status != 200]
    kinds = {}
    for result in errors:
        kind = result.error or f"HTTP {result.status}"
        kinds[kind] = kinds.get(kind, 0) + 1
    times = sorted(result.seconds * 1000 for result in results)
    return Summary(
        requests=len(results),
        seconds=seconds,
        per_second=len(ok) / seconds if seconds else 0.0,
        ok=len(ok),
        errors=len(errors),
        p50_ms=statistics.median(times) if times else None,
        p95_ms=percentile(times, 0.95),
        p99_ms=percentile(times, 0.99),
        max_ms=times[-1] if times else None,
        over_1s=sum(1 for t in times if t > 1000) / len(times) if times else 0.0,
        hits=sum(1 for result in ok if result.cache == "hit") / len(ok) if ok else 0.0,
        mean_bytes=statistics.fmean(result.size for result in ok) if ok else 0.0,
        error_kinds=kinds,
    )
