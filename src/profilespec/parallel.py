"""Read and parse many profile files on two cores: the parent and one forked child.

Reading, composing, building and schema-checking a file depends on nothing but the file, and
so do the findings of the rules that look at one document at a time (``check``), so a large
handbook's files are cut into chunks that the parent and one forked child take turns to
claim, each parsing the chunks it claimed; the child then sends its results back pickled
through a pipe. Chunks are claimed as they are finished, not split in halves up front, so a
child that gets little CPU (a busy machine) leaves more of the work to the parent instead of
holding it up. The results come back in the order asked for, and every file gets exactly the
result a serial read would give it; the chunks of a child that fails for any reason are
parsed by the parent.

Only worth it for many files (forking and pickling cost a few milliseconds, so a small
handbook is read serially) and with a core to spare. Only on Linux, where ``fork`` is the
usual way to start a process.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeAlias

from profilespec.diagnostics import Diagnostic
from profilespec.loader import DEFAULT_LIMITS, LoadLimits, SourceFile, read_source

if TYPE_CHECKING:
    from profilespec.cache import ParsedFile

# Below this many files a serial read is as fast: fork, pickle and unpickle cost about as
# much as parsing 20-40 files, and the saving is lost in noise below ~100.
PARALLEL_MIN_FILES = 200
_CHUNK_FILES = 32
# Chunk numbers travel as 4-byte tokens in a pipe: a read of one token never splits or
# mixes with another reader's, so each chunk is claimed exactly once. Every token is written
# before either process reads, so they must all fit in the pipe's buffer (64 KiB on Linux).
_TOKEN = struct.Struct("=I")
_MAX_TOKENS = 4096

ReadResult: TypeAlias = "ParsedFile | Diagnostic"
# What a check finds in one parsed file, run by the process that parsed it.
FileCheck: TypeAlias = "Callable[[ParsedFile], list[Diagnostic]]"
# A file's reading and what the check found in it (nothing without a check or a parse).
Checked: TypeAlias = "tuple[ReadResult, list[Diagnostic]]"
# A file to parse: its text already read, or its path and how to show it (read it first).
ParseJob: TypeAlias = SourceFile | tuple[Path, str]


def read_and_parse(job: ParseJob, limits: LoadLimits = DEFAULT_LIMITS) -> ReadResult:
    """One file parsed (read first if need be), or the diagnostic saying why it cannot be read."""
    from profilespec.handbook import parse_file

    source = job if isinstance(job, SourceFile) else read_source(*job, limits)
    if isinstance(source, Diagnostic):
        return source
    return parse_file(source, limits)


def read_and_check(
    job: ParseJob, limits: LoadLimits = DEFAULT_LIMITS, check: FileCheck | None = None
) -> Checked:
    """``read_and_parse``, then ``check`` on the parsed file."""
    result = read_and_parse(job, limits)
    if check is None or isinstance(result, Diagnostic):
        return result, []
    return result, check(result)


def read_and_parse_all(
    jobs: Sequence[ParseJob], limits: LoadLimits = DEFAULT_LIMITS, check: FileCheck | None = None
) -> list[Checked]:
    """``read_and_check`` for every job, in order; on two cores when there are enough jobs."""
    if len(jobs) < PARALLEL_MIN_FILES or not _idle_core():
        return [read_and_check(job, limits, check) for job in jobs]
    import pickle

    size = max(_CHUNK_FILES, -(-len(jobs) // _MAX_TOKENS))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    _prepare_validators()
    claims, tokens = os.pipe()
    os.write(tokens, b"".join(_TOKEN.pack(index) for index in range(len(chunks))))
    os.close(tokens)
    results_in, results_out = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse what it claims, send it, and leave without any cleanup
        status = 1
        try:
            os.close(results_in)
            # Pickled chunk by chunk, so that the parent never holds the whole payload; sent
            # at the end, as the parent only reads once its own chunks are done.
            pickled = [
                pickle.dumps(
                    (index, [read_and_check(job, limits, check) for job in chunks[index]]),
                    pickle.HIGHEST_PROTOCOL,
                )
                for index in _claimed(claims)
            ]
            with os.fdopen(results_out, "wb") as pipe:
                pipe.writelines(pickled)
            status = 0
        finally:
            os._exit(status)
    os.close(results_out)
    parsed: dict[int, list[Checked]] = {}
    reaped = False
    try:
        for index in _claimed(claims):
            parsed[index] = [read_and_check(job, limits, check) for job in chunks[index]]
        with os.fdopen(results_in, "rb") as pipe:
            received = _received(pipe)
        _, wait_status = os.waitpid(pid, 0)
        reaped = True
        if os.waitstatus_to_exitcode(wait_status) == 0:
            parsed.update(received)
    finally:
        os.close(claims)
        if not reaped:  # the parent failed (or was interrupted) first: leave no child behind
            _end_child(pid)
    return [
        result
        for index, chunk in enumerate(chunks)
        for result in (
            parsed[index]
            if index in parsed
            else [read_and_check(job, limits, check) for job in chunk]
        )
    ]


def _received(pipe: BinaryIO) -> dict[int, list[Checked]]:
    """The chunks the child sent, up to the end of its stream (or where it broke off)."""
    import pickle

    received: dict[int, list[Checked]] = {}
    while True:
        try:
            index, results = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):
            return received
        received[index] = results


def _claimed(claims: int) -> Iterator[int]:
    """Chunk numbers this process claims, until none are left."""
    while True:
        token = os.read(claims, _TOKEN.size)
        if len(token) < _TOKEN.size:
            return
        yield _TOKEN.unpack(token)[0]


def _idle_core() -> bool:
    """Whether a second process would get a core: two or more, not all busy already.

    On a machine whose cores are all taken (the load average over the last minute, this
    process included, reaches their number) the child only competes with the parent, and
    pickling makes the run slower than a serial one.
    """
    if not sys.platform.startswith("linux"):
        return False
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores


def _prepare_validators() -> None:
    """Compile the profile validators once, before the fork, instead of once per process."""
    from profilespec.validation import prepare

    prepare(("ICP", "Persona"))


def _end_child(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


__all__ = [
    "PARALLEL_MIN_FILES",
    "Checked",
    "FileCheck",
    "ParseJob",
    "ReadResult",
    "read_and_check",
    "read_and_parse",
    "read_and_parse_all",
]
