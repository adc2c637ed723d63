"""The page bench's load generator against a tiny local server (not in the CI suite: `pytest bench/tests`, < 2 s)."""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import loadgen  # noqa: E402  (bench/, put on the path above)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(0.5)
        status = 404 if self.path == "/missing" else 200
        body = b"hello"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Page-Cache", "hit" if self.path == "/cached" else "miss")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_requests_statuses_and_cache_header_are_counted(server):
    results, seconds = loadgen.run_requests("127.0.0.1", server, ["/cached", "/page", "/missing"], 30, 3)
    summary = loadgen.summarise(results, seconds)
    assert (summary.requests, summary.ok, summary.errors) == (30, 20, 10)
    assert summary.error_kinds == {"HTTP 404": 10}
    assert summary.hits == 0.5
    assert summary.p50_ms <= summary.p95_ms <= summary.p99_ms <= summary.max_ms


def test_a_request_past_its_timeout_is_an_error_and_the_run_stops_on_time(server):
    results, seconds = loadgen.run_for("127.0.0.1", server, ["/slow"], 0.2, 2, timeout=0.1)
    summary = loadgen.summarise(results, seconds)
    assert summary.ok == 0 and summary.errors == len(results) >= 2
    assert set(summary.error_kinds) == {"timeout"}
    assert seconds < 1


def test_a_closed_port_is_a_connection_error():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = loadgen.fetch("127.0.0.1", port, "/")
    assert result.status is None and result.error.startswith("connection:")
