"""Raw Cap'n Proto RPC messages for the rpc-gateway proofs (run_rpc.py).

Well-formed messages are encoded from capnp text by Debian's `capnp` tool
against the stock capnp/rpc.capnp, answers decoded by it, so the host side
shares no code with the guest. The hostile ones are built word by word:
their whole point is that no encoder would write them."""

import socket
import struct
import subprocess
import time

RPC_SCHEMA = "/usr/include/capnp/rpc.capnp"


def capnp(verb, data):
    flags = ["--short"] if verb == "decode" else []
    r = subprocess.run(["capnp", verb, *flags, "-I/usr/include", RPC_SCHEMA, "Message"],
                       input=data, capture_output=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("capnp %s: %s" % (verb, r.stderr.decode(errors="replace")[:200]))
    return r.stdout


def encode(text):
    """One rpc.capnp Message in stream framing, e.g. "(bootstrap = (questionId = 0))"."""
    return capnp("encode", text.encode())


def decode(stream):
    """The text of every message in `stream` (as many as are whole)."""
    out = capnp("decode", stream).decode(errors="replace") if stream else ""
    return [l for l in out.splitlines() if l.strip()]


def struct_ptr(offset, data_words, ptr_count):
    return (offset << 2) | (data_words << 32) | (ptr_count << 48)


def framed(segments):
    """Stream framing of `segments` (lists of 64-bit words)."""
    table = [len(segments) - 1] + [len(s) for s in segments]
    if len(table) % 2:
        table.append(0)
    out = struct.pack("<%dI" % len(table), *table)
    for s in segments:
        out += struct.pack("<%dQ" % len(s), *s)
    return out


# The message that aborts an unchecked guest: one word, a root struct
# pointer 100 words past the end of its segment.
ROOT_OUT_OF_BOUNDS = framed([[struct_ptr(100, 1, 1)]])
# A well-formed Message{unimplemented = <null>}: the default inner message
# rpc.c++ asserts on when a peer echoes it.
UNIMPLEMENTED_DEFAULT = framed([[struct_ptr(0, 1, 1), 0, 0]])


def oversized(max_words):
    """Only the segment table of a message one word over the bound."""
    return struct.pack("<II", 0, max_words + 1)


def many_segments(max_segments):
    """Only the segment table of max_segments + 1 one-word segments."""
    n = max_segments + 1
    table = [n - 1] + [1] * n
    if len(table) % 2:
        table.append(0)
    return struct.pack("<%dI" % len(table), *table)


def connect(port, timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def until_closed(sock, timeout):
    """Reads until the peer closes (returns (bytes, True)) or `timeout`
    seconds pass (returns (bytes, False))."""
    data = b""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return data, False
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk


def abort_reason(stream):
    """The reason of the Abort message in `stream`, or None."""
    for line in decode(stream):
        if line.startswith("(abort = "):
            i = line.find('reason = "')
            if i >= 0:
                return line[i + len('reason = "'):].split('"', 1)[0]
    return None
