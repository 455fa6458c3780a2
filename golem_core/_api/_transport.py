"""One connection pool to the daemon, and the single place where wire errors become ours.

The generated clients return error bodies instead of raising, parse them as JSON
even when they are plain text, and have no per-call timeout. `call` fixes all
three: it tags the request with the operation and its deadline (through a
context variable that httpx event hooks read), and a response hook raises the
most specific `ApiError` before the generated parser ever sees a non-2xx body.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from golem_core.exceptions import (
    CallTimeoutError,
    RemoteProtocolError,
    TransportError,
    api_error_for,
)

DEFAULT_CALL_TIMEOUT = 30.0
# Extra time a long poll gets on top of its own server-side timeout.
LONG_POLL_GRACE = 5.0

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class HasParsed(Protocol[T_co]):  # the generated `Response[T]`
    @property
    def parsed(self) -> T_co | None: ...


@attrs.define
class _CallInfo:
    operation: str
    timeout: float
    # set once a 2xx answer arrived: a parse error after that is the daemon's fault
    answered: bool = False


_current_call: ContextVar[_CallInfo | None] = ContextVar("golem_current_call", default=None)


def operation_name(function: Callable[..., Any]) -> str:
    """`golem_rest_market.api.requestor.collect_offers.asyncio_detailed` -> `collect_offers`."""
    return function.__module__.rsplit(".", 1)[-1]


def call_timeout_for(kwargs: dict[str, Any], call_timeout: float | None) -> float:
    """The deadline of one call: explicit, or derived from its own server-side timeout."""
    if call_timeout is not None:
        return call_timeout
    server_timeout = kwargs.get("timeout")
    if isinstance(server_timeout, (int, float)) and not isinstance(server_timeout, bool):
        return float(server_timeout) + LONG_POLL_GRACE
    return DEFAULT_CALL_TIMEOUT


def error_message(body: bytes) -> str:
    """The daemon's explanation in an error body, whatever its shape."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        decoded = json.loads(text)
    except ValueError:
        return text
    if isinstance(decoded, dict) and isinstance(decoded.get("message"), str):
        return str(decoded["message"])
    if isinstance(decoded, str):
        return decoded
    return text


def query_string(params: Any) -> str:
    """`params` as httpx encodes them, but with literal commas.

    yagna reads comma-joined lists (`allocationIds=a,b`) only with literal
    commas; httpx escapes them, and a comma means nothing special in a query.
    """
    return str(httpx.QueryParams(params)).replace("%2C", ",")


# URLs a daemon client keeps parsed (httpx.URL is immutable; the set is emptied when full)
URL_CACHE_SIZE = 256


class _NoCookies(httpx.Cookies):
    """The daemon sets no cookies: answers are not searched for them.

    (httpx wraps every response and request in urllib look-alikes before its
    cookie jar even looks: about a tenth of a small call's CPU.)
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        pass


class DaemonClient(httpx.AsyncClient):
    """An httpx client that builds each request's URL in one step.

    httpx joins a relative URL to the base URL and then adds the query, and
    each step parses and checks the whole URL again, character by character in
    Python: about a quarter of a small request's CPU. The generated clients
    always pass a path and a dict of query parameters, so the absolute URL is
    put together here and parsed once, and a URL sent again (a poll) is not
    parsed again. Nor does it look for cookies in answers. And as it has no
    auth and follows no redirects, a request goes straight from its hooks to
    the transport, past httpx's auth and redirect loops.
    """

    def __init__(
        self, *, base_url: str, transport: httpx.AsyncBaseTransport | None = None, **kwargs: Any
    ) -> None:
        super().__init__(base_url=base_url, transport=transport, **kwargs)
        self._direct = transport
        self._root = base_url.rstrip("/")
        self._no_cookies = _NoCookies()
        self._urls: dict[str, httpx.URL] = {}

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise AttributeError("the daemon's clients keep no cookies")

    def build_request(
        self, method: str, url: httpx.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx.Request:
        if isinstance(url, str) and url.startswith("/") and "?" not in url and "#" not in url:
            query = query_string(params) if params else ""
            text = f"{self._root}{url}?{query}" if query else f"{self._root}{url}"
            url = self._urls.get(text) or self._parsed(text)
            params = None
        return super().build_request(method, url, params=params, **kwargs)

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        transport = self._direct
        if (
            transport is None
            or auth is not httpx.USE_CLIENT_DEFAULT
            or follow_redirects is not httpx.USE_CLIENT_DEFAULT
            or self.auth is not None
            or self.follow_redirects
            or self.is_closed
        ):
            return await super().send(
                request, stream=stream, auth=auth, follow_redirects=follow_redirects
            )
        if "timeout" not in request.extensions:
            request.extensions["timeout"] = self.timeout.as_dict()
        hooks = self.event_hooks
        for hook in hooks["request"]:
            await hook(request)
        try:
            response = await transport.handle_async_request(request)
        except httpx.RequestError as error:
            try:
                error.request  # noqa: B018 (raises when the transport gave none)
            except RuntimeError:
                error.request = request
            raise
        response.request = request
        try:
            for hook in hooks["response"]:
                await hook(response)
            if not stream:
                await response.aread()
        except BaseException:
            await response.aclose()
            raise
        return response

    def _parsed(self, text: str) -> httpx.URL:
        if len(self._urls) >= URL_CACHE_SIZE:
            self._urls.clear()
        url = self._urls[text] = httpx.URL(text)
        return url


async def _prepare_request(request: httpx.Request) -> None:
    if b"%2C" in request.url.query:  # a URL built elsewhere (see query_string)
        request.url = request.url.copy_with(query=request.url.query.replace(b"%2C", b","))
    info = _current_call.get()
    if info is not None:
        request.extensions["timeout"] = httpx.Timeout(info.timeout).as_dict()


async def _raise_for_status(response: httpx.Response) -> None:
    info = _current_call.get()
    if response.is_success:
        if info is not None:
            info.answered = True
        return
    body = await response.aread()
    operation = info.operation if info else f"{response.request.method} {response.request.url.path}"
    raise api_error_for(operation, response.status_code, error_message(body))


def transport_detail(error: httpx.TransportError) -> str:
    """httpx's reason, and where we tried to go (its text alone never names the daemon)."""
    text = str(error) or type(error).__name__
    try:
        url = error.request.url
    except RuntimeError:  # raised without a request (only in tests)
        return text
    return f"{text} (at {url.scheme}://{url.netloc.decode('ascii', 'replace')})"


def event_hooks() -> dict[str, list[Callable[..., Awaitable[None]]]]:
    return {"request": [_prepare_request], "response": [_raise_for_status]}


async def call(
    operation: Callable[..., Awaitable[HasParsed[T]]],
    /,
    *,
    call_timeout: float | None = None,
    **kwargs: Any,
) -> T | None:
    """Run one generated `asyncio_detailed` function; return its parsed 2xx body.

    `call_timeout` bounds the whole call. When it is not given, an operation
    with a server-side `timeout` parameter (a long poll) gets that plus a grace
    period, and every other operation gets `DEFAULT_CALL_TIMEOUT`. A 2xx
    body the generated parser cannot read raises `RemoteProtocolError`.
    """
    name = operation_name(operation)
    deadline = call_timeout_for(kwargs, call_timeout)
    info = _CallInfo(name, deadline)
    token = _current_call.set(info)
    try:
        response = await operation(**kwargs)
    except httpx.TimeoutException as error:
        raise CallTimeoutError(name, deadline) from error
    except httpx.TransportError as error:
        raise TransportError(name, transport_detail(error)) from error
    except (KeyError, ValueError, TypeError) as error:
        if not info.answered:
            raise  # our own mistake (e.g. a wrong argument), not the daemon's
        # the generated parser met a 2xx body that does not fit our spec
        raise RemoteProtocolError(f"{name}: cannot read the daemon's answer: {error!r}") from error
    finally:
        _current_call.reset(token)
    return response.parsed
