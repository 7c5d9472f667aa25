"""Client-side helpers for talking to an echo service over TCP.

Everything is bounded by a deadline: a stuck guest turns into a TimeoutError
naming what was missing, never a hang.
"""

import selectors
import socket
import threading
import time


def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def exchange(socks, payloads, timeout, half_close=False):
    """Sends payloads[i] on socks[i] while reading the echo, all at once on
    non-blocking sockets. Returns the bytes received per socket (until as
    many bytes as sent arrived, or EOF when half_close). Raises
    TimeoutError with a progress summary."""
    sel = selectors.DefaultSelector()
    state = []
    for i, (s, p) in enumerate(zip(socks, payloads)):
        s.setblocking(False)
        st = {"i": i, "out": memoryview(p), "got": bytearray(), "want": len(p), "done": False}
        state.append(st)
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, st)
    end = time.monotonic() + timeout
    left = len(state)
    try:
        while left:
            wait = end - time.monotonic()
            if wait <= 0:
                sent = sum(st["want"] - len(st["out"]) for st in state)
                got = sum(len(st["got"]) for st in state)
                raise TimeoutError("after %gs: %d/%d connections done, %d bytes sent, "
                                   "%d received of %d" % (timeout, len(state) - left, len(state),
                                                          sent, got,
                                                          sum(st["want"] for st in state)))
            for key, ev in sel.select(min(wait, 0.5)):
                st, s = key.data, key.fileobj
                if ev & selectors.EVENT_WRITE and st["out"]:
                    try:
                        n = s.send(st["out"][:65536])
                        st["out"] = st["out"][n:]
                    except BlockingIOError:
                        pass
                    if not st["out"]:
                        if half_close:
                            s.shutdown(socket.SHUT_WR)
                        sel.modify(s, selectors.EVENT_READ, st)
                if ev & selectors.EVENT_READ:
                    try:
                        chunk = s.recv(262144)
                    except BlockingIOError:
                        continue
                    st["got"] += chunk
                    full = not half_close and len(st["got"]) >= st["want"]
                    if not chunk or full:  # EOF early: the caller sees a short echo
                        sel.unregister(s)
                        left -= 1
    finally:
        sel.close()
        for s in socks:
            s.setblocking(True)
    return [bytes(st["got"]) for st in state]


def echo_once(port, payload, timeout=20):
    """One fresh connection, one payload, closed after; returns the echo."""
    with connect(port, timeout) as s:
        return exchange([s], [payload], timeout)[0]


class SlowReader:
    """Sends `payload` from a thread while the caller reads `chunk` bytes
    every `period` seconds. result(): (received bytes, seconds the sender
    finished before the reader)."""

    def __init__(self, sock, payload):
        self.sock, self.payload = sock, payload
        self.sent_at = None
        self.error = None
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _send(self):
        try:
            self.sock.sendall(self.payload)
            self.sent_at = time.monotonic()
        except OSError as e:
            self.error = e

    def run(self, chunk, period, timeout):
        self.sock.settimeout(timeout)
        self.thread.start()
        got = bytearray()
        end = time.monotonic() + timeout
        while len(got) < len(self.payload) and time.monotonic() < end:
            time.sleep(period)
            want = min(chunk, len(self.payload) - len(got))
            while want:
                data = self.sock.recv(want)
                if not data:
                    raise ConnectionError("EOF after %d of %d bytes" % (len(got), len(self.payload)))
                got += data
                want -= len(data)
        done = time.monotonic()
        self.thread.join(max(0.0, end - time.monotonic()))
        if self.error:
            raise self.error
        lead = done - self.sent_at if self.sent_at else None
        return bytes(got), lead
