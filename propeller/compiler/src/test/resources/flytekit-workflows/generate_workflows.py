#!/usr/bin/env python3
"""Serialize the workflows in workflows.py into golden inputs for the workflow compiler.

Every case in workflows.CASES becomes one directory holding what `pyflyte
register` would send FlyteAdmin for that workflow, and what FlyteAdmin in turn
hands to flytepropeller's compiler (pkg/compiler.CompileWorkflow):

  workflow.pb                  flyteidl.admin.WorkflowSpec (template + sub_workflows)
  tasks/NN.pb                  flyteidl.core.TaskTemplate, one per task the workflow
                               needs (see _requirements)
  launch_plans/NN.pb           flyteidl.admin.LaunchPlan (id + spec, no closure)
  launch_plans/NN.interface.pb flyteidl.core.TypedInterface of the launch plan's workflow
  MANIFEST.txt                 files, message types, sizes, sha256s, identifiers, and
                               the node tree of the workflow

Serialization goes through flytekit's own translator (`get_serializable`), the
code path of `pyflyte register` / `pyflyte package`, and is written with
deterministic=True (sorted map entries), like ../../../../../../api-protos/
src/test/resources/flytekit-fixtures/generate_fixtures.py, whose conventions
this file follows.

Run it through ./generate.sh, which pins the toolchain.

Usage:
  generate_workflows.py OUTPUT_DIR     generate every case into OUTPUT_DIR, then verify it
  generate_workflows.py --verify DIR   only verify an existing fixture tree against its manifests
"""

from __future__ import annotations

import hashlib
import sys
from collections import OrderedDict
from importlib.metadata import version as dist_version
from pathlib import Path

from flyteidl.admin import launch_plan_pb2
from flyteidl.core import identifier_pb2, workflow_pb2 as core_workflow_pb2
from fixture_protos import check_round_trip, write_message

from flytekit.configuration import ImageConfig, SerializationSettings
from flytekit.models import launch_plan as launch_plan_models
from flytekit.models.admin.workflow import WorkflowSpec as WorkflowSpecModel
from flytekit.models.task import TaskSpec as TaskSpecModel
from flytekit.tools.translator import get_serializable

# Same coordinates as the api-protos flytekit-fixtures.
PROJECT = "flytesnacks"
DOMAIN = "development"
VERSION = "v1"
IMAGE = "ghcr.io/flyteorg/flytekit:py3.11-fixture"

MANIFEST = "MANIFEST.txt"


def _settings() -> SerializationSettings:
    # As in generate_fixtures.py: what `pyflyte register` builds, minus
    # everything machine-specific (no fast registration, no git URL, explicit
    # interpreter, venv root and image). A fresh object per case, because the
    # translator derives per-entity settings from it (dynamic tasks).
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


def _key(ident) -> tuple:
    return (ident.project, ident.domain, ident.name, ident.version)


def _id_str(ident) -> str:
    return ":".join(_key(ident))


# --------------------------------------------------------------------------
# What the compiler needs: flytepropeller's compiler.GetRequirements walks the
# primary template, following sub-workflow references into sub_workflows, and
# collects the task ids and launch-plan ids of task nodes, launch-plan nodes,
# branch (then / elif / else) nodes, array-node sub-nodes and the failure node.
# FlyteAdmin fetches exactly those before compiling, so exactly those are
# written.
# --------------------------------------------------------------------------


def _requirements(spec) -> tuple[list, list]:
    sub_index = {_key(sw.id): sw for sw in spec.sub_workflows}
    tasks: dict = {}
    lps: dict = {}
    seen_wfs: set = set()

    def visit_wf(wf):
        if _key(wf.id) in seen_wfs:
            return
        seen_wfs.add(_key(wf.id))
        for n in wf.nodes:
            visit_node(n)
        if wf.HasField("failure_node"):
            visit_node(wf.failure_node)

    def visit_node(n):
        kind = n.WhichOneof("target")
        if kind == "task_node":
            tasks.setdefault(_key(n.task_node.reference_id), n.task_node.reference_id)
        elif kind == "workflow_node":
            ref = n.workflow_node.WhichOneof("reference")
            if ref == "launchplan_ref":
                lps.setdefault(_key(n.workflow_node.launchplan_ref), n.workflow_node.launchplan_ref)
            else:
                sub = sub_index.get(_key(n.workflow_node.sub_workflow_ref))
                if sub is None:
                    raise SystemExit(f"sub-workflow {_id_str(n.workflow_node.sub_workflow_ref)} missing from spec")
                visit_wf(sub)
        elif kind == "branch_node":
            ie = n.branch_node.if_else
            visit_node(ie.case.then_node)
            for c in ie.other:
                visit_node(c.then_node)
            if ie.HasField("else_node"):
                visit_node(ie.else_node)
        elif kind == "array_node":
            visit_node(n.array_node.node)
        elif kind == "gate_node":
            pass
        else:
            raise SystemExit(f"node {n.id}: unexpected target {kind}")

    visit_wf(spec.template)
    return list(tasks.values()), list(lps.values())


# --------------------------------------------------------------------------
# Node tree for the manifest (and the README): id, kind, target.
# --------------------------------------------------------------------------


def _node_lines(spec) -> list[str]:
    sub_index = {_key(sw.id): sw for sw in spec.sub_workflows}
    lines: list[str] = []

    def describe(n) -> str:
        kind = n.WhichOneof("target")
        if kind == "task_node":
            return f"task {n.task_node.reference_id.name}"
        if kind == "workflow_node":
            if n.workflow_node.WhichOneof("reference") == "launchplan_ref":
                return f"workflow/launch_plan {n.workflow_node.launchplan_ref.name}"
            return f"workflow/sub_workflow {n.workflow_node.sub_workflow_ref.name}"
        if kind == "branch_node":
            return "branch"
        if kind == "array_node":
            return "array"
        if kind == "gate_node":
            g = n.gate_node
            return f"gate/{g.WhichOneof('condition')}"
        return kind or "?"

    def walk(n, indent: str, role: str = ""):
        upstream = ",".join(n.upstream_node_ids) or "-"
        lines.append(f"{indent}{role}{n.id}  {describe(n)}  upstream_node_ids={upstream}")
        kind = n.WhichOneof("target")
        if kind == "branch_node":
            ie = n.branch_node.if_else
            walk(ie.case.then_node, indent + "  ", "if: ")
            for c in ie.other:
                walk(c.then_node, indent + "  ", "elif: ")
            if ie.HasField("else_node"):
                walk(ie.else_node, indent + "  ", "else: ")
            elif ie.HasField("error"):
                lines.append(
                    f"{indent}  else: fail failed_node_id={ie.error.failed_node_id!r} message={ie.error.message!r}"
                )
        elif kind == "array_node":
            walk(n.array_node.node, indent + "  ", "sub-node: ")

    def walk_wf(wf, title: str):
        lines.append(f"{title} {wf.id.name}")
        for n in wf.nodes:
            walk(n, "  ")
        if wf.HasField("failure_node"):
            walk(wf.failure_node, "  ", "failure_node: ")

    walk_wf(spec.template, "primary")
    for sw in spec.sub_workflows:
        walk_wf(sw, "sub_workflow")
    assert all(_key(sw.id) in sub_index for sw in spec.sub_workflows)
    return lines


# --------------------------------------------------------------------------
# Writing and verification.
# --------------------------------------------------------------------------


def _write(case_dir: Path, rel: str, message, ident: str) -> dict:
    return {"file": rel, **write_message(case_dir / rel, message), "id": ident}


def _manifest_rows(case_dir: Path) -> list[dict]:
    rows = []
    for line in (case_dir / MANIFEST).read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split()
        if len(parts) != 5:
            raise SystemExit(f"{case_dir.name}/{MANIFEST}: malformed line {line!r}")
        rows.append(dict(zip(("file", "message", "size", "sha256", "id"), parts)))
    return rows


# Files in a case directory that are not produced here: the Flyte-compiler
# oracle in propeller/compiler writes them next to the inputs, all named
# expected-* (expected-closure.pb, expected-errors.txt,
# expected-flyteworkflow.json, expected-flyteworkflow-inputs.pb).
_FOREIGN_PREFIX = "expected-"


def _is_foreign(name: str) -> bool:
    return name.startswith(_FOREIGN_PREFIX)


def verify(root: Path, cases: list[str] | None = None) -> int:
    """Independent re-read of a fixture tree, driven only by the manifests."""
    case_dirs = sorted(d for d in root.iterdir() if (d / MANIFEST).is_file())
    if cases is not None:
        names = {d.name for d in case_dirs}
        missing = sorted(set(cases) - names)
        if missing:
            raise SystemExit(f"cases without a manifest: {', '.join(missing)}")
    if not case_dirs:
        raise SystemExit(f"no case directories under {root}")
    checked = 0
    for case_dir in case_dirs:
        rows = _manifest_rows(case_dir)
        listed = {r["file"] for r in rows}
        on_disk = {
            str(p.relative_to(case_dir))
            for p in case_dir.rglob("*")
            if p.is_file() and p.name != MANIFEST and not _is_foreign(p.name)
        }
        if listed != on_disk:
            raise SystemExit(
                f"{case_dir.name}: manifest/files mismatch: unlisted {sorted(on_disk - listed)}, "
                f"missing {sorted(listed - on_disk)}"
            )
        for r in rows:
            where = f"{case_dir.name}/{r['file']}"
            data = (case_dir / r["file"]).read_bytes()
            if len(data) != int(r["size"]) or hashlib.sha256(data).hexdigest() != r["sha256"]:
                raise SystemExit(f"{where}: size/sha256 differ from {MANIFEST}")
            check_round_trip(data, r["message"], where)
            checked += 1
    print(f"verified {checked} files in {len(case_dirs)} cases under {root}")
    return 0


def _generate_case(out_dir: Path, case: str, wf) -> list[dict]:
    settings = _settings()
    # One mapping per case, as pyflyte builds for a registration: the
    # translator adds every dependency (tasks, sub-workflows, launch plans and
    # their workflows) before the entity that uses it.
    entities: OrderedDict = OrderedDict()
    wf_model = get_serializable(entities, settings, wf)
    spec = wf_model.to_flyte_idl()

    task_specs = OrderedDict()
    lp_models = OrderedDict()
    wf_specs = {}
    for model in entities.values():
        if isinstance(model, TaskSpecModel):
            idl = model.template.to_flyte_idl()
            task_specs.setdefault(_key(idl.id), idl)
        elif isinstance(model, launch_plan_models.LaunchPlan):
            lp_models.setdefault(_key(model.id), model)
        elif isinstance(model, WorkflowSpecModel):
            idl = model.template.to_flyte_idl()
            wf_specs[_key(idl.id)] = idl

    task_ids, lp_ids = _requirements(spec)
    needed_tasks = {_key(i) for i in task_ids}
    needed_lps = {_key(i) for i in lp_ids}
    for k in needed_tasks - task_specs.keys():
        raise SystemExit(f"{case}: task {':'.join(k)} is referenced but flytekit did not serialize it")
    for k in needed_lps - lp_models.keys():
        raise SystemExit(f"{case}: launch plan {':'.join(k)} is referenced but flytekit did not serialize it")

    case_dir = out_dir / case
    case_dir.mkdir(parents=True)
    rows = [_write(case_dir, "workflow.pb", spec, _id_str(spec.template.id))]

    # Registration order (dependencies first), restricted to what is needed.
    tasks = [t for k, t in task_specs.items() if k in needed_tasks]
    width = max(2, len(str(max(len(tasks), len(needed_lps)) - 1)))
    for i, t in enumerate(tasks):
        if t.id.resource_type != identifier_pb2.TASK:
            raise SystemExit(f"{case}: task {_id_str(t.id)} has resource type {t.id.resource_type}")
        rows.append(_write(case_dir, f"tasks/{i:0{width}d}.pb", t, _id_str(t.id)))

    lps = [m for k, m in lp_models.items() if k in needed_lps]
    for i, model in enumerate(lps):
        # What `pyflyte register` sends (LaunchPlanCreateRequest carries id and
        # spec only); the closure flytekit fills with empty placeholders is
        # FlyteAdmin's to compute, so it is left out.
        lp = launch_plan_pb2.LaunchPlan(id=model.id.to_flyte_idl(), spec=model.spec.to_flyte_idl())
        wf_key = _key(lp.spec.workflow_id)
        if wf_key not in wf_specs:
            raise SystemExit(f"{case}: workflow of launch plan {_id_str(lp.id)} was not serialized")
        # FlyteAdmin derives a launch plan's interface from its workflow: the
        # expected outputs are the workflow's outputs, the expected inputs its
        # inputs minus the fixed ones (= spec.default_inputs, as flytekit
        # already lists every non-fixed input there). Written here is the
        # workflow's TypedInterface as-is.
        iface = wf_specs[wf_key].interface
        rows.append(_write(case_dir, f"launch_plans/{i:0{width}d}.pb", lp, _id_str(lp.id)))
        rows.append(_write(case_dir, f"launch_plans/{i:0{width}d}.interface.pb", iface, _id_str(lp.spec.workflow_id)))

    lines = [
        f"# flytekit-workflows case '{case}': serialized by flytekit; regenerate with ../generate.sh",
        f"# flytekit {dist_version('flytekit')}, flyteidl {dist_version('flyteidl')}, protobuf {dist_version('protobuf')}",
        "#",
        "# file  message  bytes  sha256  identifier (project:domain:name:version; for *.interface.pb the",
        "# workflow whose interface it is)",
    ]
    lines += [f"{r['file']}  {r['message']}  {r['size']}  {r['sha256']}  {r['id']}" for r in rows]
    lines += ["", "# Nodes as flytekit serialized them: id  kind [target]  upstream_node_ids"]
    lines += [f"#   {line}" for line in _node_lines(spec)]
    (case_dir / MANIFEST).write_text("\n".join(lines) + "\n")
    return rows


def _pin_node_hash() -> None:
    """Make flytekit's upstream_node_ids order reproducible.

    flytekit builds a node's upstream list as `list(set(upstream_nodes))`
    (flytekit/core/promise.py create_and_link_node*, core/condition.py), and
    flytekit.core.node.Node hashes by identity, i.e. by memory address. The
    order of upstream_node_ids therefore changes with the checkout path, the
    environment size or PYTHONHASHSEED (observed: n1,n2,n3 / n2,n3,n1 /
    n3,n1,n2 for the same node). The order carries no meaning - FlyteAdmin and
    the compiler treat the list as a set - so any order is one flytekit can
    emit. Hashing nodes by their (already assigned, never changed here) id
    instead of their address pins one of those orders. The hash is derived
    with sha256, not hash(str), so it is the same for every PYTHONHASHSEED and
    Python version. Node equality stays identity, so this changes nothing but
    set/dict iteration order.
    """
    from flytekit.core.node import Node

    def stable_hash(node) -> int:
        return int.from_bytes(hashlib.sha256(node.id.encode()).digest()[:7], "big")

    Node.__hash__ = stable_hash


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--verify":
        return verify(Path(argv[2]).resolve())
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[1]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    _pin_node_hash()
    import workflows  # noqa: E402  (imported late so --verify needs no flytekit entities)

    for case, wf in workflows.CASES.items():
        rows = _generate_case(out_dir, case, wf)
        total = sum(r["size"] for r in rows)
        print(f"{case:<26} {len(rows):>3} files {total:>7} bytes")
    return verify(out_dir, list(workflows.CASES))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
