"""A progress bar for the terminal, silent when the output is not one (cron, CI, pipes)."""

import sys
import time


class Progress:
    def __init__(self, total, label, stream=None, width=30):
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = 0
        self.started = time.monotonic()
        self.last_draw = 0.0

    def advance(self, count=1):
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self.last_draw > 0.1 or self.done >= self.total):
            self.last_draw = now
            filled = int(self.width * self.done / self.total)
            rate = self.done / max(now - self.started, 1e-6)
            bar = "█" * filled + "·" * (self.width - filled)
            self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total} ({rate:.0f}/s)")
            self.stream.flush()

    def finish(self):
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
