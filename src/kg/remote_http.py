"""HTTP for the remote store: its endpoints' URLs, and POSTs with kept-alive connections, a
timeout on every call and the server's unreachability as :class:`~kg.errors.Unavailable`."""

from __future__ import annotations

import base64
import http.client
import os
import threading
import weakref
from urllib.parse import urlsplit

from .errors import Unavailable
from .settings import Settings


def endpoint_urls(settings: Settings) -> tuple[str, str, str]:
    """The query, update and Graph Store URLs of the remote store named by *settings*.

    Unset update and Graph Store URLs follow Oxigraph's layout (Fuseki's Graph Store
    endpoint is ``.../data`` instead).

    >>> from kg.settings import load_settings
    >>> endpoint_urls(load_settings(environ={}, store_dir="sparql+http://h:7878/query"))
    ('http://h:7878/query', 'http://h:7878/update', 'http://h:7878/store')
    """
    query = settings.store_url.removeprefix("sparql+")
    folder = query.rsplit("/", 1)[0]
    update = settings.store_update_url or f"{folder}/update"
    return query, update, settings.store_graph_store_url or f"{folder}/store"


def public_url(url: str) -> str:
    """*url* without the user and password it may carry, for messages.

    >>> public_url("http://kg:secret@h:3030/ds/query")
    'http://h:3030/ds/query'
    """
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


class Http:
    """HTTP calls: one kept-alive connection per thread and process, a timeout on each call,
    failures to reach the server as :class:`~kg.errors.Unavailable`."""

    def __init__(self, timeout: float, token: str):
        self.timeout = timeout
        self.token = token
        self._local = threading.local()

    def call(self, url: str, body, headers: dict[str, str], *, retry: bool) -> tuple:
        """POST *body* (bytes, or an iterator of chunks) to *url*: (status, media type, body).

        A read (*retry*) that finds its kept-alive connection closed by the server is sent
        again once on a new one. Raises :class:`~kg.errors.Unavailable` when the server
        cannot be reached or does not answer in time.
        """
        parts = urlsplit(url)
        headers = {**headers, **self._auth(parts)}
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        for attempt in range(2):  # the second attempt is on a new connection: it returns or raises
            connection, reused = self._connection(parts)
            try:
                connection.request("POST", target, body, headers)
                response = connection.getresponse()
                data = response.read()
            except TimeoutError:
                self._drop()
                raise Unavailable(
                    f"the SPARQL store at {public_url(url)} did not answer within "
                    f"{self.timeout:g} s"
                ) from None
            except (OSError, http.client.HTTPException) as error:
                self._drop()
                if retry and reused and attempt == 0:
                    continue
                reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
                raise Unavailable(
                    f"the SPARQL store at {public_url(url)} cannot be reached: {reason}"
                ) from None
            except BaseException:
                self._drop()  # an upload stopped half-way leaves the connection unusable
                raise
            media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return response.status, media, data

    def _auth(self, parts) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if parts.username is not None:
            pair = f"{parts.username}:{parts.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}

    def _connection(self, parts) -> tuple[http.client.HTTPConnection, bool]:
        # A connection inherited through fork() is the parent's socket: never reuse it.
        key = (os.getpid(), parts.scheme, parts.hostname, parts.port)
        held = getattr(self._local, "held", None)
        if held is not None and held.key == key:
            return held.connection, True
        self._drop()
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        held = self._local.held = _Held(key, kind(parts.hostname, parts.port, timeout=self.timeout))
        return held.connection, False

    def _drop(self) -> None:
        held, self._local.held = getattr(self._local, "held", None), None
        if held is not None:
            held.connection.close()


class _Held:
    """A kept-alive connection, closed when its thread or its store goes away."""

    def __init__(self, key: tuple, connection: http.client.HTTPConnection):
        self.key, self.connection = key, connection
        # A weakref callback, not __del__: when a finished thread's locals are reclaimed as a
        # cycle, callbacks run before finalisers, so the socket is closed before it is freed.
        weakref.finalize(self, connection.close)
