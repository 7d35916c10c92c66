"""Launch plans as steps of a workflow: each call is a child execution of its own, launched through admin.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/launch_plan.py twice_wf --x 3 --y 4
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/launch_plan.py nested_wf --x 3
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/launch_plan.py map_lp_wf --xs '[1, 2, 3]'
"""
from typing import List

from flytekit import LaunchPlan, map_task, task, workflow


@task
def double(x: int) -> int:
    return 2 * x


@task
def add(a: int, b: int) -> int:
    return a + b


@workflow
def double_wf(x: int) -> int:
    return double(x=x)


double_lp = LaunchPlan.get_or_create(workflow=double_wf, name="double_lp")


@workflow
def twice_wf(x: int = 3, y: int = 4) -> int:
    # Two calls of the launch plan, independent of each other: two child executions at once.
    return add(a=double_lp(x=x), b=double_lp(x=y))


@workflow
def calls_double_wf(x: int) -> int:
    return add(a=double_lp(x=x), b=1)


calls_double_lp = LaunchPlan.get_or_create(workflow=calls_double_wf, name="calls_double_lp")


@workflow
def nested_wf(x: int = 3) -> int:
    # Two levels deep: this execution's child launches a child of its own.
    return calls_double_lp(x=x)


@workflow
def map_lp_wf(xs: List[int] = [1, 2, 3]) -> List[int]:
    # A map over a launch plan: one child execution per element.
    return map_task(double_lp)(x=xs)


if __name__ == "__main__":
    print(twice_wf(x=3, y=4), nested_wf(x=3))
