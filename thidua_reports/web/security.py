"""Sessions, login and CSRF for the web interface (SPEC §13, security).

A session is a random id in a cookie signed with a per-process secret (HMAC-SHA256), HttpOnly and
SameSite=Strict. The CSRF token is derived from the session id, so it is bound to the session and
needs no storage. The password is compared in constant time; failed logins are slowed down.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from dataclasses import dataclass, field

from thidua_reports.errors import ThiduaError

COOKIE = "thidua_phien"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}
FAIL_DELAY = 1.0  # seconds added per recent failed login
MAX_DELAY = 8.0
FAIL_WINDOW = 15 * 60  # failures older than this are forgotten


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost… — the hosts on which the app needs no password."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, password: str | None) -> None:
    """Refuse to serve on a non-loopback host without a password (SPEC §13)."""
    if not is_loopback(host) and not password:
        raise ThiduaError(
            f"Không thể mở giao diện web trên địa chỉ {host} khi chưa đặt mật khẩu: máy khác trong mạng "
            "sẽ truy cập được hồ sơ. Hãy đặt mật khẩu bằng --password-file TỆP hoặc biến môi trường "
            "THIDUA_PASSWORD, hoặc bỏ --host để chỉ dùng trên máy này (127.0.0.1)."
        )


@dataclass
class Sessions:
    """Signed session cookies, logged-in sessions, and the failed-login counter."""

    password: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _authenticated: set[str] = field(default_factory=set)
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def login_required(self) -> bool:
        return bool(self.password)

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("ascii"), hashlib.sha256).hexdigest()

    def new_cookie(self) -> tuple[str, str]:
        """(session id, cookie value)."""
        sid = secrets.token_urlsafe(24)
        return sid, f"{sid}.{self._sign('sid:' + sid)}"

    def session_id(self, cookie: str | None) -> str | None:
        """The session id of a cookie whose signature is right, else None."""
        if not cookie or "." not in cookie:
            return None
        sid, _, sig = cookie.rpartition(".")
        if not sid.isascii() or not sig.isascii():
            return None
        return sid if hmac.compare_digest(sig, self._sign("sid:" + sid)) else None

    def csrf_token(self, sid: str) -> str:
        return self._sign("csrf:" + sid)

    def csrf_ok(self, sid: str | None, token: str | None) -> bool:
        if not sid or not token or not token.isascii():
            return False
        return hmac.compare_digest(token, self.csrf_token(sid))

    def is_authenticated(self, sid: str | None) -> bool:
        if not self.login_required:
            return True
        with self._lock:
            return sid is not None and sid in self._authenticated

    def password_ok(self, given: str) -> bool:
        """Constant-time comparison (of digests, so the lengths do not leak either)."""
        if not self.password:
            return False
        a = hashlib.sha256(given.encode("utf-8")).digest()
        b = hashlib.sha256(self.password.encode("utf-8")).digest()
        return hmac.compare_digest(a, b)

    def failure_delay(self, client: str) -> float:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < FAIL_WINDOW]
            self._failures[client] = recent
            return min(MAX_DELAY, FAIL_DELAY * len(recent))

    async def login(self, sid: str, client: str, given: str) -> bool:
        """Check the password; every failure makes the next attempt from that client wait longer."""
        ok = self.password_ok(given)
        if not ok:
            with self._lock:
                self._failures.setdefault(client, []).append(time.monotonic())
            await asyncio.sleep(self.failure_delay(client))
            return False
        with self._lock:
            self._authenticated.add(sid)
            self._failures.pop(client, None)
        return True

    def logout(self, sid: str | None) -> None:
        with self._lock:
            self._authenticated.discard(sid or "")
