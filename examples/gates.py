"""Gates: a workflow that sleeps, waits for a typed input, or waits for approval, each with a timeout.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/gates.py sleep_wf
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/gates.py signal_wf --x 1
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/gates.py approve_wf --x 1

Set the signal and approve the value from Python (FlyteRemote), e.g. for execution <name>:

    remote.set_signal("bonus", "<name>", 40)
    remote.approve("approve-total", "<name>")
"""
from datetime import timedelta

from flytekit import approve, sleep, task, wait_for_input, workflow


@task
def plus_one(x: int) -> int:
    return x + 1


@task
def add(a: int, b: int) -> int:
    return a + b


@task
def woke() -> str:
    return "woke up"


@workflow
def sleep_wf() -> str:
    nap = sleep(timedelta(seconds=2))
    w = woke()
    nap >> w
    return w


@workflow
def signal_wf(x: int = 1) -> int:
    bonus = wait_for_input("bonus", timeout=timedelta(minutes=10), expected_type=int)
    return add(a=plus_one(x=x), b=bonus)


@workflow
def approve_wf(x: int = 1) -> int:
    total = plus_one(x=x)
    return plus_one(x=approve(total, "approve-total", timeout=timedelta(minutes=10)))


@workflow
def timeout_wf(x: int = 1) -> int:
    # Nobody sets this signal: the gate times out and the execution fails.
    late = wait_for_input("never", timeout=timedelta(seconds=3), expected_type=int)
    return add(a=x, b=late)
