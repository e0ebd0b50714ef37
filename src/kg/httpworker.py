"""The gunicorn worker of ``kg serve``: uvicorn's, with its HTTP parser errors in our JSON shape
and one socket write per response.

uvicorn answers a request its parser cannot read (a URL over 64 KiB, a malformed request line
or header) with a plain-text 400 before any application sees it; here that answer is the one
error shape of the service, and says that long queries go by POST.

uvicorn writes a response's head and its body to the socket separately: two system calls and
two TCP segments for every small answer, and two reads for the client. Writes made in one turn
of the event loop are joined and written once at the end of that turn
(:class:`CoalescingTransport`), by when uvicorn has handed over both parts of an answer.
"""

from __future__ import annotations

import asyncio
import json
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn_worker import UvicornWorker

UNREADABLE = (
    "the request could not be read as HTTP (a URL over 64 KiB, or a malformed request line or "
    "header); send long SPARQL queries by POST"
)


def error_response(message: str) -> bytes:
    """The whole HTTP/1.1 400 response, JSON body, connection closed.

    >>> response = error_response("bad")
    >>> response.split(b"\\r\\n")[0], response.split(b"\\r\\n\\r\\n")[1]
    (b'HTTP/1.1 400 Bad Request', b'{"error": "bad", "status": 400}')
    """
    body = json.dumps({"error": message, "status": 400}).encode()
    head = (
        "HTTP/1.1 400 Bad Request\r\n"
        "content-type: application/json\r\n"
        "x-content-type-options: nosniff\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class CoalescingTransport:
    """A transport whose writes of one event-loop turn reach the socket as one write.

    Everything else is the wrapped transport's; closing writes what is pending first.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop):
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        """Queue *data*; the queue is written at the end of this turn of the loop."""
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        """Write what is queued, as one write (nothing once the connection is closing)."""
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        """Bytes not yet sent, queued here or in the wrapped transport."""
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def close(self) -> None:
        """Write what is queued, then close."""
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        """Close at once, dropping what is queued."""
        self._pending.clear()
        self._transport.abort()

    def __getattr__(self, name: str) -> object:
        return getattr(self._transport, name)


class JsonErrorsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering unreadable requests with a JSON 400, writing
    each response with one write."""

    def connection_made(self, transport: asyncio.Transport) -> None:
        """Serve the connection through a :class:`CoalescingTransport`."""
        super().connection_made(CoalescingTransport(transport, asyncio.get_running_loop()))

    def send_400_response(self, msg: str) -> None:
        self.transport.write(error_response(UNREADABLE))
        self.transport.close()


class Worker(UvicornWorker):
    """The uvicorn worker with :class:`JsonErrorsProtocol` (uvloop when installed)."""

    CONFIG_KWARGS: ClassVar[dict] = {"loop": "auto", "http": JsonErrorsProtocol}
