"""Who is asking: the session cookie a sign-in link set, and the token each form
carries against cross-site requests."""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import Response

from ..services.sign_ins import SESSION_LIFETIME, WebSession

COOKIE = "poboard_session"


def session_token(request: Request) -> str | None:
    token = request.cookies.get(COOKIE)
    return token if token and len(token) <= 100 else None


def set_session(response: Response, request: Request, session: WebSession) -> None:
    """HttpOnly (no script reads it), SameSite=Lax (no other site's form sends it),
    Secure when the page came over https (behind a TLS proxy)."""
    response.set_cookie(
        COOKIE,
        session.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def forget_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def csrf_token(session: str) -> str:
    """A form's token, derived from the session's secret: a page of this board carries
    it; another site, which cannot read the cookie, cannot make it."""
    return hashlib.sha256(f"poboard form:{session}".encode()).hexdigest()


def csrf_ok(session: str, given: object) -> bool:
    return isinstance(given, str) and hmac.compare_digest(csrf_token(session), given)


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
