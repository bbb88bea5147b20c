"""A build stage run in its own process gives back its result, its errors, and its memory."""
import os
import signal

import pytest

from sbsite import isolate
from sbsite.build import BuildError


def test_the_stage_runs_in_another_process_and_returns_its_result():
    pid, data = isolate.run(lambda n: (os.getpid(), list(range(n))), 5)
    assert pid != os.getpid()
    assert data == [0, 1, 2, 3, 4]


def test_an_error_in_the_stage_is_raised_here_with_its_own_type():
    def fail():
        raise BuildError("a link to no-such-page.md")

    with pytest.raises(BuildError, match="no-such-page.md"):
        isolate.run(fail)


def test_a_stage_killed_by_the_system_is_reported_in_plain_words():
    with pytest.raises(isolate.StageFailed, match="run out of memory"):
        isolate.run(lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_the_stage_may_start_its_own_workers():
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    def stage():
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            return sorted(pool.map(abs, [-2, -1]))

    assert isolate.run(stage) == [1, 2]
