"""Serving the app: in one process, or in several that share the port evenly.

With several workers each process opens its own listening socket on the same port with
``SO_REUSEPORT``, and the kernel spreads new connections across them. (A single socket
shared by every worker, as ``uvicorn --workers`` does, lets whichever process wakes first
accept a burst of connections, so one worker can end up serving most of the clients while
another idles.) A parent process migrates the database once, starts the workers, replaces
one that dies, and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event as EventType
from types import FrameType

import uvicorn

from spinepath.config import Settings
from spinepath.web.app import build_context, create_app


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    """Serve until stopped; the exit code is 0 on a clean stop."""
    if workers <= 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return 0
    settings.resolved_secret_key()  # a missing key stops here, not in every worker
    build_context(settings).db.dispose()  # migrate once, before any worker starts
    return _supervise(settings, host, port, workers)


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket that other processes may also bind to the same port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class _Worker(uvicorn.Server):
    """A uvicorn server that tells its parent once it is serving."""

    def __init__(self, config: uvicorn.Config, ready: EventType) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:
            self.ready.set()


def _worker(settings: Settings, host: str, port: int, ready: EventType) -> None:
    sock = listening_socket(host, port)
    app = create_app(settings, ctx=build_context(settings, migrate_schema=False))
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    _Worker(config, ready).run(sockets=[sock])


def _supervise(settings: Settings, host: str, port: int, workers: int) -> int:
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def start() -> tuple[BaseProcess, EventType]:
        ready = context.Event()
        process = context.Process(target=_worker, args=(settings, host, port, ready), daemon=True)
        process.start()
        return process, ready

    running = [start() for _ in range(workers)]
    code = 0
    while not stopping:
        for index, (process, ready) in enumerate(running):
            if stopping or process.is_alive():
                continue
            if not ready.is_set():
                # It never served: it cannot start (a port in use, a database it cannot
                # reach), and starting it again would fail the same way.
                print(
                    f"spinepath: a worker stopped while starting (exit code {process.exitcode})",
                    file=sys.stderr,
                )
                stopping, code = True, 1
                break
            print(
                f"spinepath: worker {process.pid} stopped (exit code {process.exitcode}); "
                "starting another",
                file=sys.stderr,
            )
            running[index] = start()
        time.sleep(0.2)
    for process, _ in running:
        if process.is_alive():
            process.terminate()  # uvicorn finishes the requests in flight, then exits
    for process, _ in running:
        process.join(timeout=30)
    return code
