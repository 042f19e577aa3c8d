"""Supervised worker processes: a file that crashes, aborts or runs away loses only itself.

Each worker reads and checks one file at a time under a memory ceiling (RLIMIT_AS, where the
system has one) while this process watches it: a worker that dies (a Rust abort, signal 6, on a
grid of hundreds of GB) or overruns FILE_SECONDS is killed and replaced, and its file is handed
back as lost with a plain reason. Workers outlive a run and serve the next one, since starting
one (a fresh interpreter importing pandas) costs a second or two; they end with this process.
A worker's stderr goes nowhere: Rust prints its panics there, in English, with cell text.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

FILE_SECONDS = 90.0
"""A file's read and check may take this long: the biggest real school (3,000 pupils) takes
under a second, a crafted one can take minutes or for ever."""
MEMORY_CEILING = 1536 << 20
"""Address space a worker may add to what it has once started: ten times the biggest real
roster once parsed, far below what the schools' 4-8 GB machines hold."""
Task = Callable[[], Any]
"""One file's work: a picklable callable run in a worker, returning a picklable result."""


@dataclass
class Lost:
    """A task whose worker died or overran: why, in the user's words."""

    reason: str


def memory_limit_note() -> str | None:
    """Why no memory ceiling applies here (None when one does)."""
    if not sys.platform.startswith("linux"):
        return "只有 Linux 提供按进程限制内存（RLIMIT_AS），此系统上只限制时间"
    return None


def _serve(conn: multiprocessing.connection.Connection, ceiling: int) -> None:
    """A worker's loop: run each task received, send back its result (or Lost)."""
    exit_with_parent()
    _silence_stderr()
    _limit_memory(ceiling)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            result: Any = task()
        except MemoryError:
            result = Lost("读取这个文件所需的内存超过上限，文件内容异常")
        except Exception as exc:  # the reader never raises on bad input: this is our bug
            log.error("task failed in worker: %s", type(exc).__name__)
            result = Lost("读取时发生内部错误")
        try:
            conn.send(result)
        except Exception:  # a result that cannot be pickled
            conn.send(Lost("读取结果无法传回"))


def _silence_stderr() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    except OSError:
        pass


def _limit_memory(ceiling: int) -> None:
    if memory_limit_note() is not None or ceiling <= 0:
        return
    import resource

    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    limit = pages * os.sysconf("SC_PAGE_SIZE") + ceiling
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def exit_with_parent() -> None:
    """End this spawned process as soon as its parent is gone (killed, or terminated)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent.sentinel,), daemon=True).start()


def _exit_after(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


class _Worker:
    def __init__(self, ceiling: int) -> None:
        context = multiprocessing.get_context("spawn")  # forking a threaded process can deadlock
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, ceiling), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.deadline = 0.0

    def give(self, index: int, task: Task, seconds: float) -> None:
        self.conn.send(task)
        self.index, self.deadline = index, time.monotonic() + seconds

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


def _died(worker: _Worker) -> Lost:
    code = worker.process.exitcode
    log.warning("worker ended with exit code %s", code)
    if code in (-6, 134) and memory_limit_note() is None:
        return Lost("读取程序异常中止（文件内容异常，或所需内存超过上限）")
    return Lost("读取程序异常中止（文件内容异常）")


class Supervisor:
    """A few supervised workers; run() may be called again once a run has ended."""

    def __init__(
        self, workers: int, ceiling: int = MEMORY_CEILING, seconds: float = FILE_SECONDS
    ) -> None:
        self.size, self.ceiling, self.seconds = workers, ceiling, seconds
        self.idle: list[_Worker] = []

    def run(self, tasks: list[Task]) -> Iterator[Any]:
        """Each task's result, or Lost, in input order."""
        busy: list[_Worker] = []
        done: dict[int, Any] = {}
        queued = iter(enumerate(tasks))
        following = 0
        clean = False
        try:
            while following < len(tasks):
                self._fill(busy, queued)
                while following in done:
                    yield done.pop(following)
                    following += 1
                if busy:
                    self._watch(busy, done)
            clean = True
        finally:
            if clean:
                self.idle += busy
            else:  # cancelled or failed: a worker may still be busy on a task of this run
                for worker in busy + self.idle:
                    worker.kill()
                self.idle = []

    def _fill(self, busy: list[_Worker], queued: Iterator[tuple[int, Task]]) -> None:
        while len(busy) < self.size:
            item = next(queued, None)
            if item is None:
                return
            worker = self.idle.pop() if self.idle else _Worker(self.ceiling)
            if not worker.process.is_alive():
                worker.kill()
                worker = _Worker(self.ceiling)
            worker.give(item[0], item[1], self.seconds)
            busy.append(worker)

    def _watch(self, busy: list[_Worker], done: dict[int, Any]) -> None:
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = set(
            multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout
            )
        )
        for worker in list(busy):
            index = worker.index
            assert index is not None
            if worker.conn in ready:
                try:
                    done[index] = worker.conn.recv()
                    busy.remove(worker)
                    self.idle.append(worker)
                    continue
                except (EOFError, OSError):
                    pass  # died while sending: its sentinel says so below
            if worker.process.sentinel in ready or not worker.process.is_alive():
                worker.process.join(5)
                done[index] = _died(worker)
            elif time.monotonic() >= worker.deadline:
                log.warning("worker overran %.0f s", self.seconds)
                done[index] = Lost(f"读取这个文件超过 {self.seconds:.0f} 秒仍未完成，文件内容异常")
            else:
                continue
            worker.kill()
            busy.remove(worker)

    def close(self) -> None:
        """End the idle workers (each finishes its loop and is reaped); run() starts new ones."""
        for worker in self.idle:
            with contextlib.suppress(OSError):  # a worker already gone
                worker.conn.send(None)
        deadline = time.monotonic() + 30
        for worker in self.idle:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            worker.kill()  # one that has not ended by now
        self.idle = []


_shared: Supervisor | None = None


def shared(workers: int) -> Supervisor:
    """The process's supervisor, kept between runs (grown to workers when asked for more)."""
    global _shared
    if _shared is None:
        _shared = Supervisor(workers)
    _shared.size = max(_shared.size, workers)
    return _shared


def shutdown() -> None:
    """End the process's supervisor's workers, if any (their CPU time and peak memory then
    count among this process's finished children)."""
    if _shared is not None:
        _shared.close()
