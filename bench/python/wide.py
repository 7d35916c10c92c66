"""The wide workflows of WideBench (./aloft bench wide): a dynamic fan-out and a map over a launch plan, each as wide
as asked, over flytekit's Echo task (propeller's echo plugin runs it without a pod, so the bench measures the
control plane, not Python start-up).
"""
from typing import List

from flytekit import LaunchPlan, dynamic, map_task, workflow
from flytekit.core.task import Echo

echo = Echo(name="wide.echo", inputs={"x": int})


@dynamic
def fan_out(n: int) -> List[int]:
    return [echo(x=i) for i in range(n)]


@workflow
def dynamic_wf(n: int = 1000) -> List[int]:
    return fan_out(n=n)


@workflow
def child_wf(x: int) -> int:
    return echo(x=x)


child_lp = LaunchPlan.get_or_create(workflow=child_wf, name="wide_child_lp")


@workflow
def map_lp_wf(xs: List[int]) -> List[int]:
    return map_task(child_lp)(x=xs)
