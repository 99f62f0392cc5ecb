"""`parley run`, which `make demo` serves with: the web server and a task worker, stopped as one."""

import os
import signal

import pytest

from parley.core.models import TaskWorker

from ..processes import free_port, group_is_gone, http_status, start, stop, wait_until


@pytest.mark.django_db(transaction=True)
def test_run_serves_the_site_beside_a_worker_and_ctrl_c_stops_both(tmp_path):
    port = free_port()
    run = start("run", "--addrport", f"127.0.0.1:{port}", log=tmp_path / "run.log")
    try:
        # 200 only once the site answers *and* a worker's heartbeat is fresh.
        wait_until(
            lambda: http_status(f"http://127.0.0.1:{port}/healthz") == 200,
            what="the site and its worker",
        )
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
        assert run.wait(timeout=60) == 0
        assert group_is_gone(run)
        assert not TaskWorker.objects.exists()  # the worker stopped cleanly and said so
    finally:
        stop(run)
        print((tmp_path / "run.log").read_text())
