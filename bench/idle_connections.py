#!/usr/bin/env python3
"""Opens N keep-alive connections to auth-api, asks /api/v1/status once on each
(so that each is a served connection, not only an accepted one), then holds
them all open and idle while the server's memory is read.

usage: idle_connections.py PORT N SERVER_PID
Prints one line: BENCH connections=<open> answered=<n> rss_mb=<now> peak_mb=<VmHWM>
"""
import resource
import selectors
import socket
import sys
import time

REQUEST = b"GET /api/v1/status HTTP/1.1\r\nHost: bench\r\n\r\n"


def memory_mb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    port, count, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 256), hard))
    selector = selectors.DefaultSelector()
    sockets = []
    answered = 0
    # In waves, so that the listen backlog never overflows.
    for start in range(0, count, 500):
        wave = []
        for _ in range(start, min(count, start + 500)):
            conn = socket.create_connection(("127.0.0.1", port))
            conn.sendall(REQUEST)
            conn.setblocking(False)
            selector.register(conn, selectors.EVENT_READ, bytearray())
            wave.append(conn)
        pending = len(wave)
        deadline = time.monotonic() + 30
        while pending and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=1):
                data = key.fileobj.recv(4096)
                key.data.extend(data)
                if not data or key.data.endswith(b"}\n"):
                    selector.unregister(key.fileobj)
                    pending -= 1
                    if data:
                        answered += 1
        sockets.extend(wave)
    time.sleep(1)  # let the server settle
    print(f"BENCH connections={len(sockets)} answered={answered} "
          f"rss_mb={memory_mb(pid, 'VmRSS'):.1f} peak_mb={memory_mb(pid, 'VmHWM'):.1f}", flush=True)
    for conn in sockets:
        conn.close()


if __name__ == "__main__":
    main()
