"""The gunicorn worker of ``kg serve``: uvicorn's, with its HTTP parser errors in our JSON shape.

uvicorn answers a request its parser cannot read (a URL over 64 KiB, a malformed request line
or header) with a plain-text 400 before any application sees it; here that answer is the one
error shape of the service, and says that long queries go by POST.
"""

from __future__ import annotations

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


class JsonErrorsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering unreadable requests with a JSON 400."""

    def send_400_response(self, msg: str) -> None:
        self.transport.write(error_response(UNREADABLE))
        self.transport.close()


class Worker(UvicornWorker):
    """The uvicorn worker with :class:`JsonErrorsProtocol` (uvloop when installed)."""

    CONFIG_KWARGS: ClassVar[dict] = {"loop": "auto", "http": JsonErrorsProtocol}
