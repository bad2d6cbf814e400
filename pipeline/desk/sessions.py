"""Desk sessions and the login rate limit.

A session is a cookie signed with Datasette's secret (itsdangerous, via `datasette.sign`),
HttpOnly and SameSite=Strict, holding the user name, when it was issued and a random id;
it lasts `SESSION_HOURS` and a logout revokes its id. Every request re-reads the user from
the database, so a removed account or a changed role takes effect at once.

Login attempts: at most `MAX_FAILURES` wrong passwords per user name (and `MAX_FAILURES_PER_CLIENT`
per client address) within `WINDOW` seconds; further attempts in that window are refused
without even checking the password.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque

COOKIE = "sv_desk"
NAMESPACE = "samverkan-desk"
PATH = "/samverkan/desk"
SESSION_HOURS = 8
WINDOW = 60.0
MAX_FAILURES = 10
MAX_FAILURES_PER_CLIENT = 50


class LoginLimiter:
    """Sliding-window count of failed logins per key (user name, client address)."""

    def __init__(self, window: float = WINDOW, clock=time.monotonic):
        self.window, self.clock = window, clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        times, cutoff = self.failures[key], self.clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def blocked(self, name: str, client: str) -> bool:
        with self.lock:
            return (len(self._recent(f"user:{name.casefold()}")) >= MAX_FAILURES
                    or len(self._recent(f"client:{client}")) >= MAX_FAILURES_PER_CLIENT)

    def failed(self, name: str, client: str) -> None:
        with self.lock:
            now = self.clock()
            self.failures[f"user:{name.casefold()}"].append(now)
            self.failures[f"client:{client}"].append(now)


class Sessions:
    """Issue, read and revoke signed session cookies."""

    def __init__(self, datasette):
        self.datasette = datasette
        self.revoked: set[str] = set()
        self.limiter = LoginLimiter()

    def start(self, response, name: str) -> None:
        value = self.datasette.sign({"u": name, "t": int(time.time()), "s": secrets.token_urlsafe(16)}, NAMESPACE)
        response.set_cookie(COOKIE, value, max_age=SESSION_HOURS * 3600, path=PATH, httponly=True, samesite="strict")

    def user_name(self, request) -> str | None:
        """The user name of a valid, unexpired, not revoked session cookie, else None."""
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        try:
            data = self.datasette.unsign(value, NAMESPACE)
        except Exception:  # a forged or damaged cookie is simply no session
            return None
        if not isinstance(data, dict) or data.get("s") in self.revoked:
            return None
        if time.time() - float(data.get("t", 0)) > SESSION_HOURS * 3600:
            return None
        return data.get("u")

    def end(self, request, response) -> None:
        value = request.cookies.get(COOKIE)
        if value:
            try:
                self.revoked.add(self.datasette.unsign(value, NAMESPACE)["s"])
            except Exception:
                pass
        response.set_cookie(COOKIE, "", max_age=0, path=PATH, httponly=True, samesite="strict")
