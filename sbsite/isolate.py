"""Run one stage of a build in a short-lived forked process.

Python rarely gives memory back to the system: after reading 10,000 providers
the process keeps most of the peak it needed to parse the YAML, even though the
model it keeps is a fifth of that, and every process forked from it later copies
the scattered pages it touches. Running a heavy stage in its own process, and
passing on only its (much smaller) result, lets the system take all of that
memory back the moment the stage ends.
"""
from __future__ import annotations

import multiprocessing
import traceback


class StageFailed(Exception):
    """The stage's process ended without an answer (killed, or out of memory)."""


def _child(conn, function, args) -> None:
    try:
        result = ("ok", function(*args))
    except BaseException as exc:  # handed to the parent, which raises it in its own place
        result = ("raised", exc, traceback.format_exc())
    try:
        conn.send(result)
    except Exception:  # the exception could not be pickled: send its words instead
        conn.send(("raised", RuntimeError(str(result[1]) if len(result) > 2 else "unpicklable result"), result[-1]))
    finally:
        conn.close()


def run(function, *args):
    """function(*args), computed in a forked process; runs in this one where fork is missing."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    proc = context.Process(target=_child, args=(theirs, function, args))  # not daemonic: it may fork workers
    proc.start()
    theirs.close()
    try:
        message = ours.recv()
    except EOFError:
        proc.join()
        raise StageFailed(f"A build step stopped unexpectedly (exit code {proc.exitcode}); "
                          "the machine may have run out of memory.") from None
    finally:
        ours.close()
    proc.join()
    if message[0] == "raised":
        raise message[1]
    return message[1]
