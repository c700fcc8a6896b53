"""A fast stand-in for the Graph API in its own process (asyncio, no framework), for
benchmarks whose subject must be the bottleneck, not the fake: ``http.server`` tops out
near 1,000 requests/second on one core. Counts Send API messages per recipient and
answers ``GET /stats``. ``python -m bench.loopback_graph [LATENCY_MS]`` delays each Send
API answer like a real round trip to the platform. Prints its base URL, then serves
until killed."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

OK = json.dumps({"recipient_id": "x", "message_id": "m_fake"}).encode()
by_recipient: Counter[str] = Counter()
totals = {"text_messages": 0, "last_message_at": 0.0}
LATENCY_SECONDS = float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.0


def reply(body: bytes, status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def record(body: bytes) -> None:
    try:
        payload = json.loads(body)
    except ValueError:
        return
    if isinstance(payload, dict) and "message" in payload:
        by_recipient[str((payload.get("recipient") or {}).get("id"))] += 1
        totals["text_messages"] += 1
        totals["last_message_at"] = time.time()


def stats() -> bytes:
    return json.dumps(
        {
            **totals,
            "recipients": len(by_recipient),
            "duplicates": sum(n - 1 for n in by_recipient.values() if n > 1),
        }
    ).encode()


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *headers = head.decode("latin-1").split("\r\n")
            length = 0
            for header in headers:
                name, _, value = header.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length) if length else b""
            if request_line.startswith("GET /stats"):
                writer.write(reply(stats()))
            else:
                if LATENCY_SECONDS:
                    await asyncio.sleep(LATENCY_SECONDS)
                record(body)
                writer.write(reply(OK))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
