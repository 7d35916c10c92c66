"""Flytekit tasks, workflows and launch plans behind the flytekit-workflows fixtures.

Everything here is ordinary flytekit authoring code; generate_workflows.py turns
each case's workflow into protobuf with flytekit's own translator. flytekit
derives entity names from this module's file name ("workflows.<function>"), so
renaming this file, a function or a launch plan changes the fixtures.

The CASES dict at the bottom maps each fixture directory to the workflow it
serializes. Task names are prefixed with a short case tag so that a node's
task id tells at a glance which case it belongs to.
"""

from __future__ import annotations

import enum
import functools
import typing
from dataclasses import dataclass, field
from datetime import timedelta

from flytekit import (
    LaunchPlan,
    StructuredDataset,
    WorkflowFailurePolicy,
    approve,
    conditional,
    dynamic,
    map_task,
    sleep,
    task,
    wait_for_input,
    workflow,
)
from flytekit.types.directory import FlyteDirectory
from flytekit.types.error import FlyteError
from flytekit.types.file import FlyteFile

# ---------------------------------------------------------------------------
# 1. chain: t1 -> t2 -> t3, scalars only.
# ---------------------------------------------------------------------------


@task
def chain_t1(a: int) -> int:
    return a + 1


@task
def chain_t2(x: int, s: str) -> str:
    return f"{s}-{x}"


class ChainResult(typing.NamedTuple):
    score: float
    label: str


@task
def chain_t3(msg: str, f: float) -> ChainResult:
    return ChainResult(score=f * len(msg), label=msg.upper())


@workflow
def chain_wf(a: int, s: str, f: float = 0.5) -> typing.Tuple[float, str]:
    x = chain_t1(a=a)
    y = chain_t2(x=x, s=s)
    r = chain_t3(msg=y, f=f)
    return r.score, r.label


# ---------------------------------------------------------------------------
# 2. fan_out_fan_in: one producer, three parallel consumers, one gatherer,
#    plus a node without inputs and nodes whose outputs nobody consumes.
# ---------------------------------------------------------------------------


@task
def fan_produce(n: int) -> int:
    return n * 10


@task
def fan_a(x: int) -> int:
    return x + 1


@task
def fan_b(x: int) -> int:
    return x + 2


@task
def fan_c(x: int) -> int:
    return x + 3


@task
def fan_gather(a: int, b: int, c: int) -> int:
    return a + b + c


@task
def fan_no_inputs() -> str:
    return "constant"


@task
def fan_side_effect(x: int) -> int:
    return x


@task
def fan_ping() -> None:
    pass


@workflow
def fan_out_fan_in_wf(n: int) -> typing.Tuple[int, str]:
    p = fan_produce(n=n)
    a = fan_a(x=p)
    b = fan_b(x=p)
    c = fan_c(x=p)
    g = fan_gather(a=a, b=b, c=c)
    # No inputs: only an edge from the start node; its output feeds the end node.
    s = fan_no_inputs()
    # Output produced but never consumed.
    fan_side_effect(x=p)
    # Neither inputs nor outputs: isolated between start and end.
    fan_ping()
    return g, s


# ---------------------------------------------------------------------------
# 3. map_task: ArrayNodes over a task, a partially-bound task and a launch plan.
# ---------------------------------------------------------------------------


@task
def map_square(x: int) -> int:
    return x * x


@task
def map_scale(x: int, factor: int) -> int:
    return x * factor


@task
def map_total(xs: typing.List[int]) -> int:
    return sum(xs)


@task
def map_total_partial(xs: typing.List[typing.Optional[int]]) -> int:
    # min_success_ratio < 1 (or min_successes) makes the mapped output a list
    # of Optional elements: failed sub-nodes leave holes.
    return sum(x for x in xs if x is not None)


@workflow
def map_child_wf(x: int) -> int:
    return map_square(x=x)


map_child_lp = LaunchPlan.get_or_create(workflow=map_child_wf, name="map_child_lp")


@workflow
def map_task_wf(xs: typing.List[int], factor: int) -> typing.Tuple[int, int, int]:
    squared = map_task(map_square, concurrency=2, min_success_ratio=0.75)(x=xs)
    # functools.partial binds the non-mapped input; flytekit passes it as a
    # plain (scalar) binding next to the mapped list.
    scaled = map_task(functools.partial(map_scale, factor=factor), concurrency=0)(x=xs)
    # Mapping over a launch plan yields an ArrayNode around a launch-plan node.
    launched = map_task(map_child_lp, concurrency=3, min_successes=2)(x=xs)
    return map_total_partial(xs=squared), map_total(xs=scaled), map_total_partial(xs=launched)


# ---------------------------------------------------------------------------
# 4. dynamic: a @dynamic task node plus a normal task consuming its output.
# ---------------------------------------------------------------------------


@task
def dyn_square(x: int) -> int:
    return x * x


@dynamic
def dyn_fanout(n: int, offset: int) -> typing.List[int]:
    return [dyn_square(x=i + offset) for i in range(n)]


@task
def dyn_sum(xs: typing.List[int]) -> int:
    return sum(xs)


@workflow
def dynamic_wf(n: int, offset: int = 0) -> int:
    return dyn_sum(xs=dyn_fanout(n=n, offset=offset))


# ---------------------------------------------------------------------------
# 5. branches: nested conditional and an else-fail conditional.
# ---------------------------------------------------------------------------


@task
def br_square(x: int) -> int:
    return x * x


@task
def br_double(x: int) -> int:
    return 2 * x


@task
def br_negate(x: int) -> int:
    return -x


@task
def br_add(a: int, b: int) -> int:
    return a + b


@task
def br_describe(x: int, label: str) -> str:
    return f"{label}:{x}"


@workflow
def branches_wf(x: int, y: int, flag: bool) -> typing.Tuple[int, str]:
    s = br_square(x=x)
    picked = (
        conditional("outer")
        # workflow input vs literal
        .if_(x > 10)
        .then(br_double(x=s))
        # upstream output vs workflow input; the then-branch is itself a conditional
        .elif_(s < y)
        .then(
            conditional("inner")
            .if_(flag.is_true())
            .then(br_add(a=s, b=y))
            .elif_((x == 0) | (y >= 100))
            .then(br_negate(x=y))
            .else_()
            .then(br_double(x=y))
        )
        .else_()
        .then(br_negate(x=s))
    )
    # Conditions on an upstream *branch* output, a conjunction, and else-fail.
    described = (
        conditional("check")
        .if_((picked >= 0) & (picked < 1000))
        .then(br_describe(x=picked, label="small"))
        .elif_(picked >= s)
        .then(br_describe(x=picked, label="large"))
        .else_()
        .fail("picked value is negative")
    )
    return picked, described


# ---------------------------------------------------------------------------
# 6. subworkflow: outer -> middle -> leaf sub-workflows.
# ---------------------------------------------------------------------------


@task
def sub_inc(x: int) -> int:
    return x + 1


@task
def sub_fmt(x: int, prefix: str) -> str:
    return f"{prefix}{x}"


@workflow
def sub_leaf_wf(x: int) -> int:
    return sub_inc(x=sub_inc(x=x))


class MiddleOut(typing.NamedTuple):
    value: int
    text: str


@workflow
def sub_middle_wf(x: int, prefix: str = "v=") -> MiddleOut:
    v = sub_leaf_wf(x=x)
    return MiddleOut(value=v, text=sub_fmt(x=v, prefix=prefix))


@workflow
def subworkflow_wf(x: int, prefix: str) -> typing.Tuple[int, str]:
    m = sub_middle_wf(x=x, prefix=prefix)
    # Called a second time with the sub-workflow's default input left out.
    m2 = sub_middle_wf(x=m.value)
    return sub_inc(x=m2.value), m.text


# ---------------------------------------------------------------------------
# 7. launch_plan_node: a workflow calling another workflow's launch plan.
# ---------------------------------------------------------------------------


@task
def lp_add(a: int, b: int) -> int:
    return a + b


@task
def lp_label(total: int, tag: str) -> str:
    return f"{tag}:{total}"


@workflow
def lp_child_wf(a: int, b: int, tag: str) -> typing.Tuple[int, str]:
    t = lp_add(a=a, b=b)
    return t, lp_label(total=t, tag=tag)


lp_child_lp = LaunchPlan.get_or_create(
    workflow=lp_child_wf,
    name="lp_child_lp",
    fixed_inputs={"a": 100},
    default_inputs={"b": 5},
)


@workflow
def launch_plan_node_wf(b: int, tag: str) -> typing.Tuple[int, str]:
    # Every non-fixed input given.
    total, label = lp_child_lp(b=b, tag=tag)
    # The defaulted input "b" left out.
    total2, _ = lp_child_lp(tag=label)
    return lp_add(a=total, b=total2), label


# ---------------------------------------------------------------------------
# 8. gates: sleep, approve and wait_for_input.
# ---------------------------------------------------------------------------


@task
def gate_make(x: int) -> int:
    return x + 1


@task
def gate_use(approved: int, signal: int) -> int:
    return approved + signal


@task
def gate_after_sleep() -> str:
    return "woke up"


@workflow
def gates_wf(x: int) -> typing.Tuple[int, str]:
    made = gate_make(x=x)
    approved = approve(made, "approve-made", timeout=timedelta(hours=1))
    signal = wait_for_input("signal-name", timeout=timedelta(minutes=30), expected_type=int)
    used = gate_use(approved=approved, signal=signal)
    nap = sleep(timedelta(seconds=90))
    woke = gate_after_sleep()
    # A sleep has no outputs, so ordering is explicit.
    nap >> woke
    # And the signal should only be asked for once the value is approved.
    approved >> signal
    return used, woke


# ---------------------------------------------------------------------------
# 9. failure_node: on_failure handler + FAIL_AFTER_EXECUTABLE_NODES_COMPLETE.
# ---------------------------------------------------------------------------


@task
def fn_work(x: int, name: str) -> int:
    return x + len(name)


@task
def fn_cleanup(x: int, name: str, err: typing.Optional[FlyteError] = None) -> None:
    print(f"cleaning up after {name} ({x}): {err}")


@workflow(on_failure=fn_cleanup, failure_policy=WorkflowFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)
def failure_node_wf(x: int, name: str) -> int:
    a = fn_work(x=x, name=name)
    return fn_work(x=a, name=name)


@workflow
def fn_cleanup_wf(x: int, name: str, err: typing.Optional[FlyteError] = None) -> None:
    fn_cleanup(x=x, name=name, err=err)


# The same with a workflow as the handler (failure node = sub-workflow node)
# and the default failure policy (FAIL_IMMEDIATELY).
@workflow(on_failure=fn_cleanup_wf)
def failure_node_subworkflow_wf(x: int, name: str) -> int:
    return fn_work(x=x, name=name)


# ---------------------------------------------------------------------------
# 10. unions: Optional and Union inputs/outputs.
# ---------------------------------------------------------------------------


@task
def un_opt(x: typing.Optional[int]) -> typing.Optional[int]:
    return x


@task
def un_union(v: typing.Union[int, str]) -> typing.Union[int, str]:
    return v


@task
def un_int(x: int) -> int:
    return x


@task
def un_consume(a: typing.Optional[int], b: typing.Union[int, str], c: typing.Optional[str] = None) -> str:
    return f"{a}/{b}/{c}"


@workflow
def unions_wf(x: typing.Optional[int] = None, v: typing.Union[int, str] = 3) -> typing.Tuple[str, str, str]:
    from_input = un_opt(x=x)
    from_none = un_opt(x=None)
    from_literal = un_opt(x=5)
    plain = un_int(x=7)
    # int output into an Optional[int] input and into a Union[int, str] input.
    widened = un_opt(x=plain)
    u_from_input = un_union(v=v)
    u_str = un_union(v="text")
    u_int = un_union(v=plain)
    first = un_consume(a=from_input, b=u_from_input, c=None)
    second = un_consume(a=widened, b=u_str)
    # Results of un_opt(None/5) and un_union(int) flow into the same consumer.
    third = un_consume(a=from_none, b=u_int, c="c")
    un_consume(a=from_literal, b=v)
    return first, second, third


# ---------------------------------------------------------------------------
# 11. dataclass_attrs: promise bindings with attribute paths.
# ---------------------------------------------------------------------------


@dataclass
class DcInner:
    b: int
    tags: typing.List[str] = field(default_factory=list)


@dataclass
class DcResult:
    a: int
    inner: DcInner
    items: typing.List[int] = field(default_factory=list)
    scores: typing.Dict[str, float] = field(default_factory=dict)


@task
def dc_make(n: int) -> DcResult:
    return DcResult(a=n, inner=DcInner(b=n + 1, tags=["x", "y"]), items=[n, n + 1], scores={"k": 1.5})


@task
def dc_int(x: int) -> int:
    return x


@task
def dc_float(y: float) -> float:
    return y


@task
def dc_str(s: str) -> str:
    return s


@task
def dc_inner(inner: DcInner) -> int:
    return inner.b


@task
def dc_whole(res: DcResult, items: typing.List[int]) -> int:
    return res.a + sum(items)


@workflow
def dataclass_attrs_wf(n: int, given: DcResult) -> typing.Tuple[int, int, int, int, float, str]:
    res = dc_make(n=n)
    a = dc_int(x=res.a)
    b = dc_int(x=res.inner.b)
    first = dc_int(x=res.items[0])
    k = dc_float(y=res.scores["k"])
    tag = dc_str(s=res.inner.tags[1])
    dc_inner(inner=res.inner)
    whole = dc_whole(res=res, items=res.items)
    # Attribute access on a workflow input (bound from the start node).
    dc_int(x=given.inner.b)
    return a, b, first, whole, k, tag


# ---------------------------------------------------------------------------
# 12. collections_maps: collection/map bindings from outputs, inputs, literals.
# ---------------------------------------------------------------------------


@task
def cm_list(n: int) -> typing.List[int]:
    return list(range(n))


@task
def cm_dict(n: int) -> typing.Dict[str, int]:
    return {"n": n}


@task
def cm_nested() -> typing.List[typing.List[str]]:
    return [["a"], ["b", "c"]]


@task
def cm_dict_of_lists(n: int) -> typing.Dict[str, typing.List[int]]:
    return {"n": [n]}


@task
def cm_int(x: int) -> int:
    return x + 1


@task
def cm_consume(
    xs: typing.List[int],
    m: typing.Dict[str, int],
    ll: typing.List[typing.List[str]],
    dl: typing.Dict[str, typing.List[int]],
) -> str:
    return f"{xs}{m}{ll}{dl}"


@workflow
def collections_maps_wf(
    xs: typing.List[int], m: typing.Dict[str, int], a: int, s: str
) -> typing.Tuple[str, str, str]:
    # Everything from upstream outputs.
    from_outputs = cm_consume(xs=cm_list(n=a), m=cm_dict(n=a), ll=cm_nested(), dl=cm_dict_of_lists(n=a))
    # Everything from workflow inputs (whole collections and inside literals).
    from_inputs = cm_consume(xs=xs, m=m, ll=[[s, "lit"]], dl={"k": xs})
    # Collections/maps built in the workflow body, mixing promises and literals.
    b = cm_int(x=a)
    mixed = cm_consume(
        xs=[a, b, 3],
        m={"x": a, "y": b, "z": 2},
        ll=[["p", s], [], ["q"]],
        dl={"lit": [1, 2], "mix": [a, b, 4], "up": cm_list(n=b)},
    )
    return from_outputs, from_inputs, mixed


# ---------------------------------------------------------------------------
# 13. enum_and_blobs: Enum, FlyteFile, FlyteDirectory, StructuredDataset.
# ---------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


CsvFile = FlyteFile[typing.TypeVar("csv")]


@task
def eb_pick(c: Color) -> Color:
    return Color.GREEN if c == Color.RED else c


@task
def eb_write_file(c: Color) -> CsvFile:
    return CsvFile(f"s3://aloft-fixtures/{c.value}.csv")


@task
def eb_write_dir(f: CsvFile) -> FlyteDirectory:
    return FlyteDirectory("s3://aloft-fixtures/dir")


@task
def eb_write_sd(d: FlyteDirectory) -> StructuredDataset:
    return StructuredDataset(uri="s3://aloft-fixtures/dataset")


@task
def eb_read(f: CsvFile, d: FlyteDirectory, sd: StructuredDataset, c: Color, raw: FlyteFile) -> str:
    return f"{c.value}"


@workflow
def enum_and_blobs_wf(raw: FlyteFile, c: Color = Color.RED) -> typing.Tuple[str, Color]:
    picked = eb_pick(c=c)
    f = eb_write_file(c=picked)
    d = eb_write_dir(f=f)
    sd = eb_write_sd(d=d)
    out = eb_read(f=f, d=d, sd=sd, c=Color.BLUE, raw=raw)
    return out, picked


# ---------------------------------------------------------------------------
# Fixture directory -> workflow.
# ---------------------------------------------------------------------------

CASES = {
    "chain": chain_wf,
    "fan_out_fan_in": fan_out_fan_in_wf,
    "map_task": map_task_wf,
    "dynamic": dynamic_wf,
    "branches": branches_wf,
    "subworkflow": subworkflow_wf,
    "launch_plan_node": launch_plan_node_wf,
    "gates": gates_wf,
    "failure_node": failure_node_wf,
    "failure_node_subworkflow": failure_node_subworkflow_wf,
    "unions": unions_wf,
    "dataclass_attrs": dataclass_attrs_wf,
    "collections_maps": collections_maps_wf,
    "enum_and_blobs": enum_and_blobs_wf,
}
