"""Flytekit @dynamic tasks behind the dynamic-futures fixtures.

Ordinary flytekit authoring code. generate_futures.py runs each dynamic task of CASES the way a Flyte pod does
(pyflyte-execute with the task template's own command line), so flytekit itself writes the futures.pb
(core.DynamicJobSpec) that propeller compiles into the dynamic sub-workflow. flytekit derives entity names from
this module's file name ("dynamic_tasks.<function>"), so renaming the file, a function or a launch plan changes
the fixtures.
"""

from __future__ import annotations

import typing

from flytekit import LaunchPlan, dynamic, reference_launch_plan, task, workflow

# ---------------------------------------------------------------------------
# fan_out: one task node per element, the outputs gathered into a list.
# ---------------------------------------------------------------------------


@task
def square(x: int) -> int:
    return x * x


@dynamic
def fan_out(n: int) -> typing.List[int]:
    return [square(x=i) for i in range(n)]


# ---------------------------------------------------------------------------
# sub_workflow: the dynamic calls a workflow (carried in the spec's
# subworkflows) and feeds its output to a task.
# ---------------------------------------------------------------------------


@task
def inc(x: int) -> int:
    return x + 1


@task
def describe(x: int, label: str) -> str:
    return f"{label}={x}"


@workflow
def inc_twice(x: int) -> int:
    return inc(x=inc(x=x))


@dynamic
def calls_sub_workflow(x: int, label: str) -> str:
    return describe(x=inc_twice(x=x), label=label)


# ---------------------------------------------------------------------------
# launch_plan: the dynamic calls a launch plan; flytekit writes only its id,
# propeller asks admin for its interface.
# ---------------------------------------------------------------------------


@task
def add(x: int, y: int) -> int:
    return x + y


@workflow
def child_wf(a: int, b: int = 5) -> int:
    return add(x=a, y=b)


child_lp = LaunchPlan.get_or_create(child_wf, name="dynamic_tasks.child_lp", default_inputs={"b": 5})


@dynamic
def calls_launch_plan(a: int) -> int:
    return child_lp(a=a)


# ---------------------------------------------------------------------------
# type_error: the dynamic calls a launch plan through a reference whose
# declared interface (x: int) is out of date: admin's launch plan of that
# name now takes x: str. flytekit cannot see it; propeller's compile does.
# ---------------------------------------------------------------------------


@workflow
def renamed_input_wf(x: str) -> str:
    return describe(x=1, label=x)


# What admin has under the referenced name (written to launch_plans/, never called directly).
typed_lp = LaunchPlan.get_or_create(renamed_input_wf, name="dynamic_tasks.typed_lp")


@reference_launch_plan(project="flytesnacks", domain="development", name="dynamic_tasks.typed_lp", version="v1")
def typed_lp_ref(x: int) -> str:
    ...


@dynamic
def calls_stale_reference(x: int) -> str:
    return typed_lp_ref(x=x)


# case -> (dynamic task, inputs, launch plans admin serves for it)
CASES = {
    "fan_out": (fan_out, {"n": 5}, []),
    "sub_workflow": (calls_sub_workflow, {"x": 3, "label": "x"}, []),
    "launch_plan": (calls_launch_plan, {"a": 7}, [child_lp]),
    "type_error": (calls_stale_reference, {"x": 1}, [typed_lp]),
}

# bundle_dynamic: the dynamic task of the compiler's flytekit-workflows "dynamic" bundle (workflows.py, which
# generate.sh puts on the path), so the engine runs that bundle end to end with the futures flytekit writes for it.
import workflows  # noqa: E402

CASES["bundle_dynamic"] = (workflows.dyn_fanout, {"n": 3, "offset": 1}, [])
