"""The HTTP worker of `kg serve`: each answer written whole in one write, in request order."""

from __future__ import annotations

import asyncio
import re
import socket
from urllib.parse import quote

import pytest
from conftest import running_server

from kg.httpworker import CoalescingTransport


class Recorder:
    """A transport that records what reaches it."""

    def __init__(self):
        self.writes: list[bytes] = []
        self.closed = self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str) -> str:
        return f"info {name}"


async def _turns(writes: list[bytes], then: str | None = None) -> Recorder:
    """Write *writes* in one turn of the loop, optionally close or abort, then let it run."""
    recorder = Recorder()
    transport = CoalescingTransport(recorder, asyncio.get_running_loop())
    for data in writes:
        transport.write(data)
    assert recorder.writes == []  # nothing reaches the socket within the turn
    assert transport.get_write_buffer_size() == sum(map(len, writes))
    if then:
        getattr(transport, then)()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return recorder


def test_writes_of_one_turn_reach_the_socket_as_one_write():
    recorder = asyncio.run(_turns([b"HTTP/1.1 200 OK\r\n\r\n", b"body"]))
    assert recorder.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]


def test_closing_writes_what_is_pending_first():
    recorder = asyncio.run(_turns([b"head", b"tail"], then="close"))
    assert recorder.writes == [b"headtail"]
    assert recorder.closed


def test_aborting_drops_what_is_pending():
    recorder = asyncio.run(_turns([b"head"], then="abort"))
    assert recorder.writes == []
    assert recorder.aborted


def test_the_rest_of_the_transport_is_the_wrapped_one():
    async def check():
        transport = CoalescingTransport(Recorder(), asyncio.get_running_loop())
        return transport.get_extra_info("peername")

    assert asyncio.run(check()) == "info peername"


@pytest.fixture(scope="module")
def server(seed_store_settings, tmp_path_factory):
    log = tmp_path_factory.mktemp("worker") / "serve.log"
    environment = {"KG_RESULT_CACHE_BYTES": "0"}
    with running_server(
        seed_store_settings.store_dir, log, "--workers", "1", env=environment
    ) as running:
        yield running[0]


def _request(port: int, query: str) -> bytes:
    return (
        f"GET /sparql?query={quote(query)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()


def _read_responses(connection: socket.socket, count: int) -> list[tuple[bytes, bytes]]:
    """*count* whole responses (head, body) read from *connection*."""
    data, responses = b"", []
    while len(responses) < count:
        chunk = connection.recv(65536)
        assert chunk, f"connection closed after {len(responses)} responses"
        data += chunk
        while b"\r\n\r\n" in data:
            head, rest = data.split(b"\r\n\r\n", 1)
            length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
            if len(rest) < length:
                break
            responses.append((head, rest[:length]))
            data = rest[length:]
    return responses


def test_pipelined_queries_are_answered_whole_and_in_order(server):
    port = int(server.rsplit(":", 1)[1])
    queries = [f"SELECT ({n} AS ?n) {{}}" for n in range(1, 6)]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"".join(_request(port, query) for query in queries))
        responses = _read_responses(connection, len(queries))
    for number, (head, body) in enumerate(responses, start=1):
        assert head.startswith(b"HTTP/1.1 200")
        assert f'"value":"{number}"'.encode() in body


def test_a_small_answer_arrives_in_one_piece(server):
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        for _ in range(20):
            connection.sendall(_request(port, "ASK {}"))
            first = connection.recv(65536)
            assert first.startswith(b"HTTP/1.1 200")
            assert first.endswith(b'"boolean":true}'), first
