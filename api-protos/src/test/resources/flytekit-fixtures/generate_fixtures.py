#!/usr/bin/env python3
"""Produce wire-compatibility fixtures with the real flytekit.

The Java contracts in api-protos are compiled from flyteidl's .proto files. That
only proves we agree with the *schema*; these fixtures prove we can read what a
real client actually puts on the wire. Every entity below is authored with the
ordinary flytekit decorators and turned into protobuf by flytekit's own
translator (`get_serializable`), i.e. the code path `pyflyte register` and
`pyflyte package` use, so the bytes are exactly what FlyteAdmin would receive
(modulo map-entry order, see `_write`).

Run it through ./generate.sh, which pins the flytekit/flyteidl versions; running
it against whatever flytekit happens to be installed defeats the purpose.

Usage: generate_fixtures.py OUTPUT_DIR
"""

from __future__ import annotations

import sys
import typing
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.metadata import version as dist_version
from pathlib import Path

from flyteidl.admin import launch_plan_pb2, task_pb2, workflow_pb2
from fixture_protos import check_round_trip, write_message
from flytekit import (
    Annotations,
    Cache,
    CronSchedule,
    Email,
    Labels,
    LaunchPlan,
    Resources,
    WorkflowExecutionPhase,
    conditional,
    map_task,
    task,
    workflow,
)
from flytekit.configuration import ImageConfig, SerializationSettings
from flytekit.core.workflow import WorkflowFailurePolicy
from flytekit.models.common import RawOutputDataConfig
from flytekit.models.concurrency import ConcurrencyLimitBehavior, ConcurrencyPolicy
from flytekit.models.core.identifier import Identifier, ResourceType
from flytekit.tools.translator import get_serializable

# Stable coordinates: Java tests assert on these, so they must never depend on
# the machine, the date or the git state.
PROJECT = "flytesnacks"
DOMAIN = "development"
VERSION = "v1"
IMAGE = "ghcr.io/flyteorg/flytekit:py3.11-fixture"


# --------------------------------------------------------------------------
# Entities. Task names are derived by flytekit from this module's file name
# ("generate_fixtures.<function>"), so renaming this file changes the fixtures.
# --------------------------------------------------------------------------


@dataclass
class OrderBatch:
    # A dataclass input makes flytekit emit a STRUCT literal type carrying a
    # JSON schema in `metadata` and the class path in `structure.dataclass_type`;
    # default values of this type travel as msgpack `Binary` scalars.
    region: str
    order_ids: typing.List[int] = field(default_factory=list)
    priority: float = 1.0


class OrderSummary(typing.NamedTuple):
    total: int
    report: str


@task(
    retries=3,
    cache=Cache(version="1.0", serialize=True, ignored_inputs=("label",)),
    timeout=timedelta(minutes=10),
    requests=Resources(cpu="500m", mem="256Mi"),
    limits=Resources(cpu="1", mem="512Mi"),
    environment={"LOG_LEVEL": "debug"},
    interruptible=True,
)
def summarize_orders(count: int, label: str, values: typing.List[int], batch: OrderBatch) -> OrderSummary:
    """Summarize a batch of orders.

    The long description exists so the TaskSpec carries a DescriptionEntity.
    """
    total = count + sum(values) + sum(batch.order_ids)
    return OrderSummary(total=total, report=f"{label}/{batch.region}: {total}")


@task
def square(x: int) -> int:
    return x * x


@task
def add_all(values: typing.List[int]) -> int:
    return sum(values)


@task
def classify(total: int, tier: str) -> str:
    return f"{tier}:{total}"


@task
def scale(values: typing.List[int], factor: int) -> typing.List[int]:
    return [v * factor for v in values]


@workflow
def normalize_wf(values: typing.List[int], factor: int = 2) -> typing.List[int]:
    # Used as a sub-workflow so WorkflowSpec.sub_workflows is non-empty and a
    # WorkflowNode(sub_workflow_ref) appears in the parent.
    return scale(values=values, factor=factor)


@workflow(failure_policy=WorkflowFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)
def order_pipeline(
    count: int,
    label: str,
    values: typing.List[int],
    batch: OrderBatch,
) -> typing.Tuple[str, int, typing.List[int]]:
    """Classify an order batch and post-process its values."""
    summary = summarize_orders(count=count, label=label, values=values, batch=batch)

    # A node-level override so TaskNodeOverrides is populated on the wire.
    squared = map_task(square, concurrency=4, min_success_ratio=1.0)(x=values).with_overrides(
        requests=Resources(cpu="250m", mem="128Mi"), limits=Resources(cpu="500m", mem="256Mi")
    )
    squared_sum = add_all(values=squared)

    normalized = normalize_wf(values=squared, factor=3)

    # if / elif (with a conjunction) / else-fail exercises every part of IfElseBlock.
    tier = (
        conditional("tier_by_total")
        .if_(summary.total > 1000)
        .then(classify(total=summary.total, tier="large"))
        .elif_((summary.total > 10) & (summary.total <= 1000))
        .then(classify(total=summary.total, tier="medium"))
        .else_()
        .fail("order total is too small to classify")
    )
    return tier, squared_sum, normalized


order_pipeline_lp = LaunchPlan.get_or_create(
    workflow=order_pipeline,
    name="order_pipeline_nightly",
    default_inputs={
        "label": "nightly",
        "values": [1, 2, 3],
        "batch": OrderBatch(region="eu-west-1", order_ids=[10, 20], priority=0.5),
    },
    fixed_inputs={"count": 7},
    schedule=CronSchedule(schedule="0 2 * * *"),
    notifications=[Email(phases=[WorkflowExecutionPhase.FAILED], recipients_email=["oncall@example.com"])],
    labels=Labels({"team": "aloft", "tier": "fixture"}),
    annotations=Annotations({"aloft.io/owner": "wire-compat", "aloft.io/purpose": "fixture"}),
    raw_output_data_config=RawOutputDataConfig(output_location_prefix="s3://aloft-fixtures/raw"),
    max_parallelism=8,
    concurrency=ConcurrencyPolicy(max_concurrency=1, behavior=ConcurrencyLimitBehavior.SKIP),
)


# --------------------------------------------------------------------------
# Serialization
# --------------------------------------------------------------------------


def _settings() -> SerializationSettings:
    # Mirrors what `pyflyte register` builds, minus everything that would leak
    # the local machine into the output: no fast-registration (its args embed
    # an upload URL and a content hash), no git repo URL, explicit interpreter
    # and venv root instead of the ones inferred from sys.executable, and an
    # image given explicitly so ~/.flyte/config.yaml is never consulted.
    return SerializationSettings(
        image_config=ImageConfig.from_images(IMAGE),
        project=PROJECT,
        domain=DOMAIN,
        version=VERSION,
        env={"ALOFT_FIXTURE": "1"},
        python_interpreter="/opt/venv/bin/python3",
        flytekit_virtualenv_root="/opt/venv",
        fast_serialization_settings=None,
        git_repo=None,
    )


def _admin_id(resource_type: int, name: str):
    # FlyteRemote._resolve_identifier builds the request id from the settings,
    # not from the template, so do the same here.
    return Identifier(resource_type, PROJECT, DOMAIN, name, VERSION).to_flyte_idl()


def _write(out_dir: Path, file_name: str, message) -> dict:
    return {"file": file_name, **write_message(out_dir / file_name, message)}


def _verify(out_dir: Path, rows: list[dict]) -> None:
    # Re-read what was written, as an independent consumer would.
    for r in rows:
        check_round_trip((out_dir / r["file"]).read_bytes(), r["message"], r["file"])


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[1]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    settings = _settings()
    # One shared mapping, as pyflyte does, so dependencies are serialized once.
    entities: OrderedDict = OrderedDict()

    task_spec = get_serializable(entities, settings, summarize_orders).to_flyte_idl()
    wf_spec = get_serializable(entities, settings, order_pipeline).to_flyte_idl()
    lp_model = get_serializable(entities, settings, order_pipeline_lp)
    lp_spec = lp_model.spec.to_flyte_idl()

    task_req = task_pb2.TaskCreateRequest(
        id=_admin_id(ResourceType.TASK, task_spec.template.id.name), spec=task_spec
    )
    wf_req = workflow_pb2.WorkflowCreateRequest(
        id=_admin_id(ResourceType.WORKFLOW, wf_spec.template.id.name), spec=wf_spec
    )
    lp_req = launch_plan_pb2.LaunchPlanCreateRequest(
        id=_admin_id(ResourceType.LAUNCH_PLAN, lp_model.id.name), spec=lp_spec
    )

    rows = [
        _write(out_dir, "task.pb", task_spec),
        _write(out_dir, "task_create_request.pb", task_req),
        _write(out_dir, "workflow.pb", wf_spec),
        _write(out_dir, "workflow_create_request.pb", wf_req),
        _write(out_dir, "launch_plan.pb", lp_spec),
        _write(out_dir, "launch_plan_create_request.pb", lp_req),
    ]

    lines = [
        "# Wire-compatibility fixtures serialized by flytekit; regenerate with ./generate.sh",
        f"flytekit {dist_version('flytekit')}",
        f"flyteidl {dist_version('flyteidl')}",
        f"protobuf {dist_version('protobuf')}",
        "",
        "# file  message  bytes  sha256",
    ]
    lines += [f"{r['file']}  {r['message']}  {r['size']}  {r['sha256']}" for r in rows]
    (out_dir / "MANIFEST.txt").write_text("\n".join(lines) + "\n")

    _verify(out_dir, rows)
    for r in rows:
        print(f"wrote {r['file']:<32} {r['message']:<40} {r['size']:>6} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
