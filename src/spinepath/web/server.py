"""Serving the app: in one process, or in several that share the port evenly.

With several workers each process opens its own listening socket on the same port with
``SO_REUSEPORT``, and the kernel spreads new connections across them. (A single socket
shared by every worker, as ``uvicorn --workers`` does, lets whichever process wakes first
accept a burst of connections, so one worker can end up serving most of the clients while
another idles.) A parent process checks that the port is free, migrates the database once,
starts the workers, replaces one that dies, and stops them all on SIGINT or SIGTERM.
Workers stop by themselves if the parent dies.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event as EventType
from types import FrameType

import uvicorn

from spinepath.config import Settings, SettingsError
from spinepath.web.app import build_context, create_app

# Seconds a stopping worker may take to finish the requests in flight, and then the
# parent's own limit before it kills what is left.
GRACEFUL_SECONDS = 20
STOP_SECONDS = GRACEFUL_SECONDS + 10
# A replacement worker that cannot start (the database is away, say) is tried again after
# a pause that doubles each time, up to this.
MOST_BACKOFF_SECONDS = 30.0


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    """Serve until stopped; the exit code is 0 on a clean stop."""
    if workers <= 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return 0
    if not hasattr(socket, "SO_REUSEPORT"):
        raise SettingsError("--workers needs SO_REUSEPORT, which this system lacks; use 1")
    settings.resolved_secret_key()  # a missing key stops here, not in every worker
    _check_port_free(host, port)
    build_context(settings).db.dispose()  # migrate once, before any worker starts
    return _supervise(settings, host, port, workers)


def _address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[str, int]]:
    found = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    family, _, _, _, address = found[0]
    return family, (str(address[0]), int(address[1]))


def _check_port_free(host: str, port: int) -> None:
    """Refuse to start beside anything on the port, another spinepath server included.

    A socket without ``SO_REUSEPORT`` cannot bind where any socket is bound, so this also
    keeps a second server (of the same user) from quietly sharing a running one's port.
    """
    family, address = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR lets the probe ignore closed connections still in TIME_WAIT, but not
        # a socket that is listening.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise SettingsError(f"cannot listen on {host} port {port}: {error.strerror}") from None


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket that the other workers also bind to the same port."""
    family, address = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.bind(address)
    sock.listen(2048)
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


def _stop_with_parent(server: uvicorn.Server) -> None:
    """Stop this worker if its parent dies (killed, out of memory) rather than orphan it."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        server.should_exit = True

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker(settings: Settings, host: str, port: int, ready: EventType) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    app = create_app(settings, ctx=build_context(settings, migrate_schema=False))
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=GRACEFUL_SECONDS
    )
    server = _Worker(config, ready)
    _stop_with_parent(server)
    # The socket comes last, so the kernel sends no connection to a worker still starting.
    server.run(sockets=[listening_socket(host, port)])


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

    running: list[tuple[BaseProcess, EventType] | None] = [start() for _ in range(workers)]
    restart_at: dict[int, float] = {}  # slot -> when to start its replacement
    started = False  # until every first worker has served, a failure stops everything
    backoff = 1.0
    code = 0
    while not stopping:
        started = started or all(w is not None and w[1].is_set() for w in running)
        for index, worker in enumerate(running):
            if stopping:
                break
            if worker is None:
                if time.monotonic() >= restart_at[index]:
                    running[index] = start()
                continue
            process, ready = worker
            if process.is_alive():
                continue
            if not started:
                print(
                    f"spinepath: a worker stopped while starting (exit code {process.exitcode})",
                    file=sys.stderr,
                )
                stopping, code = True, 1
                break
            # A worker that had served is replaced at once; one that could not start is
            # tried again after a pause that doubles each time.
            backoff = 1.0 if ready.is_set() else min(backoff * 2, MOST_BACKOFF_SECONDS)
            print(
                f"spinepath: worker {process.pid} stopped (exit code {process.exitcode}); "
                "starting another",
                file=sys.stderr,
            )
            running[index] = None
            restart_at[index] = time.monotonic() + (0.0 if ready.is_set() else backoff)
        time.sleep(0.2)
    _stop_all([w[0] for w in running if w is not None])
    return code


def _stop_all(processes: list[BaseProcess]) -> None:
    """Ask every worker to stop (each finishes its requests), then kill what is left."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
