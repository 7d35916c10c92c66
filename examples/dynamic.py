"""Dynamic workflows: a task whose body decides, at run time, which tasks, sub-workflows and launch plans to run.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/dynamic.py fan_out_wf --n 10
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/dynamic.py mixed_wf --x 3
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/dynamic.py nested_wf --n 4
"""
from typing import List

from flytekit import LaunchPlan, dynamic, task, workflow


@task
def square(x: int) -> int:
    return x * x


@task
def total(xs: List[int]) -> int:
    return sum(xs)


@dynamic
def squares(n: int) -> List[int]:
    # One task node per element, decided by n at run time.
    return [square(x=i) for i in range(n)]


@workflow
def fan_out_wf(n: int = 10) -> int:
    return total(xs=squares(n=n))


@task
def inc(x: int) -> int:
    return x + 1


@workflow
def inc_twice(x: int) -> int:
    return inc(x=inc(x=x))


@workflow
def square_wf(x: int) -> int:
    return square(x=x)


square_lp = LaunchPlan.get_or_create(workflow=square_wf, name="square_lp")


@dynamic
def mixed(x: int) -> int:
    # A sub-workflow and a launch plan, called from a dynamic workflow.
    return square_lp(x=inc_twice(x=x))


@task
def add(a: int, b: int) -> int:
    return a + b


@workflow
def mixed_wf(x: int = 3) -> int:
    # square_lp is also called here, so `pyflyte run --remote` registers it with this workflow. A launch plan called
    # only from inside a dynamic task's body is not known until the task runs: register it first (pyflyte register).
    return add(a=mixed(x=x), b=square_lp(x=x))


@dynamic
def nested(n: int) -> int:
    # A dynamic task called from a dynamic workflow.
    return total(xs=squares(n=n))


@workflow
def nested_wf(n: int = 4) -> int:
    return nested(n=n)


if __name__ == "__main__":
    print(fan_out_wf(n=10), mixed_wf(x=3), nested_wf(n=4))
