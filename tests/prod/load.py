"""A bounded load on nginx over HTTPS, loopback only, every request accounted for.

wrk cannot be used here: it sends the address it connects to as the TLS server name, so
the shipped configuration's catch-all server rejects its handshakes (as it should). This
loader sends the site's host name (SNI and Host) to 127.0.0.1, keeps one connection per
thread, and records each request's start, end and outcome, so that a failure can be
placed against the moment a server was stopped or reloaded.
"""

import http.client
import ssl
import statistics
import threading
import time

from .client import LoopbackHTTPS, tls_context


class Load:
    def __init__(self, host, port, cafile, paths, concurrency=8, timeout=10):
        self.host = host
        self.address = ("127.0.0.1", port)
        self.context = tls_context(cafile)
        self.paths = paths
        self.concurrency = concurrency
        self.timeout = timeout
        self.results = []  # (start, end, status or error text), relative to self.t0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []
        self.t0 = None

    def _worker(self, index):
        conn = None
        n = index
        while not self._stop.is_set():
            path = self.paths[n % len(self.paths)]
            n += self.concurrency
            start = time.monotonic() - self.t0
            try:
                if conn is None:
                    conn = LoopbackHTTPS(self.host, self.address, self.context, None, self.timeout)
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                outcome = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException, ssl.SSLError) as error:
                outcome = f"{type(error).__name__}: {error}"
                if conn is not None:
                    conn.close()
                conn = None
            with self._lock:
                self.results.append((start, time.monotonic() - self.t0, outcome))
        if conn is not None:
            conn.close()

    def start(self):
        self.t0 = time.monotonic()
        for index in range(self.concurrency):
            thread = threading.Thread(target=self._worker, args=(index,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def elapsed(self):
        return time.monotonic() - self.t0

    def sleep_until(self, seconds):
        time.sleep(max(0.0, seconds - self.elapsed()))

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(self.timeout + 5)

    def run_for(self, seconds, events=()):
        """Loads for `seconds`, calling each (at, callable) of `events` on time; stops the
        load whatever happens."""
        self.start()
        try:
            for at, action in sorted(events, key=lambda event: event[0]):
                self.sleep_until(at)
                action()
            self.sleep_until(seconds)
        finally:
            self.stop()
        return self

    # --- figures ---------------------------------------------------------------------------

    def failures(self, since=0.0, until=float("inf")):
        return [
            result
            for result in self.results
            if not (isinstance(result[2], int) and result[2] < 500) and since <= result[1] < until
        ]

    def in_flight(self, at):
        return sum(1 for start, end, _ in self.results if start <= at < end)

    def summary(self):
        durations = sorted(end - start for start, end, _ in self.results)
        total = len(durations)
        if not total:
            return {"requests": 0}
        elapsed = max(end for _, end, _ in self.results)
        return {
            "requests": total,
            "rate": total / elapsed,
            "p50_ms": 1000 * statistics.median(durations),
            "p99_ms": 1000 * durations[min(total - 1, int(total * 0.99))],
            "max_ms": 1000 * durations[-1],
        }
