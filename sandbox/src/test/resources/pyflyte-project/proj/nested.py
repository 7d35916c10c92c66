# ConsoleIT's workflow of nested nodes (copied next to wf.py by ConsoleIT only): a sub-workflow of two task nodes, a
# map task over a list, and a cached task, so the console's graph can open the first two and show the third's cache
# status (CACHE_POPULATED on the first run, CACHE_HIT on a second run with the same input); and kinds_wf: a dynamic
# node, a launch-plan node and a branch.
from typing import List, Tuple

from flytekit import LaunchPlan, conditional, dynamic, map_task, task, workflow


@task
def add_one(x: int) -> int:
    return x + 1


@task
def square(x: int) -> int:
    return x * x


@task(cache=True, cache_version="1")
def cached_double(x: int) -> int:
    return x * 2


@workflow
def steps(x: int) -> int:
    return add_one(x=add_one(x=x))


@workflow
def nested_wf(x: int, xs: List[int]) -> Tuple[int, List[int], int]:
    return steps(x=x), map_task(square)(x=xs), cached_double(x=x)


@task
def is_big(x: int) -> bool:
    return x > 1


@dynamic
def fan(n: int) -> List[int]:
    return [add_one(x=i) for i in range(n)]


steps_lp = LaunchPlan.get_or_create(workflow=steps, name="console_steps_lp")


@workflow
def kinds_wf(x: int) -> Tuple[List[int], int, int]:
    big = is_big(x=x)
    picked = conditional("size").if_(big.is_true()).then(add_one(x=x)).else_().then(square(x=x))
    return fan(n=x), steps_lp(x=x), picked
