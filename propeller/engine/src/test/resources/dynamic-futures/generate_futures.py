#!/usr/bin/env python3
"""Run the @dynamic tasks of dynamic_tasks.py as a Flyte pod would, keeping the futures.pb flytekit writes.

For every case in dynamic_tasks.CASES this writes a directory holding:

  parent-task.pb          flyteidl.core.TaskTemplate of the dynamic task, as `pyflyte register` serializes it
  inputs.pb               flyteidl.core.LiteralMap the task runs with
  futures.pb              flyteidl.core.DynamicJobSpec written by flytekit's own entrypoint (map entries sorted)
  launch_plans/NN.pb      flyteidl.admin.LaunchPlan as admin serves it to propeller: id, spec, and the closure's
                          expected inputs (the workflow's inputs minus the fixed ones = flytekit's default_inputs)
                          and expected outputs (the workflow's outputs)
  MANIFEST.txt            files, message types, sizes, sha256s, and the futures' node tree

The task runs through `pyflyte-execute` with the command line from its own task template, the placeholders
filled in the way propeller fills them ({{.input}}, {{.outputPrefix}}, {{.rawOutputDataPrefix}}, ...) with local
paths, and the FLYTE_INTERNAL_* environment propeller gives the pod. That is flytekit's production path for a
dynamic task: the entrypoint loads the task, compiles its body into a DynamicJobSpec and writes futures.pb.

Run it through ./generate.sh, which pins the toolchain.

Usage:
  generate_futures.py OUTPUT_DIR     generate every case into OUTPUT_DIR, then verify it
  generate_futures.py --verify DIR   only verify an existing fixture tree against its manifests
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict
from importlib.metadata import version as dist_version
from pathlib import Path

from flyteidl.admin import launch_plan_pb2
from flyteidl.core import dynamic_job_pb2
from fixture_protos import check_round_trip, write_message

# Same coordinates as the other flytekit fixtures.
PROJECT = "flytesnacks"
DOMAIN = "development"
VERSION = "v1"
IMAGE = "ghcr.io/flyteorg/flytekit:py3.11-fixture"
EXECUTION = "dynfixture"
NODE = "n0"

MANIFEST = "MANIFEST.txt"
HERE = Path(__file__).resolve().parent


def _settings():
    from flytekit.configuration import ImageConfig, SerializationSettings

    # As in the compiler's generate_workflows.py: nothing machine-specific.
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


def _id_str(ident) -> str:
    return ":".join((ident.project, ident.domain, ident.name, ident.version))


def _serialize(entity):
    from flytekit.tools.translator import get_serializable

    return get_serializable(OrderedDict(), _settings(), entity)


def _inputs(task, values: dict):
    from flytekit.core.context_manager import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine

    ctx = FlyteContextManager.current_context()
    types = {k: v for k, v in task.python_interface.inputs.items()}
    return TypeEngine.dict_to_literal_map(ctx, values, types).to_flyte_idl()


def _run_pod(template, inputs_pb: Path, work: Path) -> Path:
    """Runs the task's container command as propeller would and returns the output prefix it wrote to."""
    output_prefix = work / "outputs"
    raw = work / "raw"
    output_prefix.mkdir()
    raw.mkdir()
    fill = {
        "{{.input}}": str(inputs_pb),
        "{{.inputPrefix}}": str(inputs_pb.parent),
        "{{.outputPrefix}}": str(output_prefix),
        "{{.rawOutputDataPrefix}}": str(raw),
        "{{.checkpointOutputPrefix}}": str(work / "checkpoint"),
        "{{.prevCheckpointPrefix}}": '""',
    }
    args = []
    for a in template.container.args:
        for k, v in fill.items():
            a = a.replace(k, v)
        args.append(a)
    if args[0] != "pyflyte-execute":
        raise SystemExit(f"unexpected task command {args[0]!r}")
    args[0] = str(Path(sys.executable).parent / "pyflyte-execute")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLYTE") and not k.startswith("_F_")}
    env.update({e.key: e.value for e in template.container.env})
    # What propeller's pod plugin sets (flyteplugins k8s utils: GetExecutionEnvVars).
    env.update({
        "FLYTE_INTERNAL_EXECUTION_ID": EXECUTION,
        "FLYTE_INTERNAL_EXECUTION_PROJECT": PROJECT,
        "FLYTE_INTERNAL_EXECUTION_DOMAIN": DOMAIN,
        "FLYTE_ATTEMPT_NUMBER": "0",
        "FLYTE_INTERNAL_TASK_PROJECT": template.id.project,
        "FLYTE_INTERNAL_TASK_DOMAIN": template.id.domain,
        "FLYTE_INTERNAL_TASK_NAME": template.id.name,
        "FLYTE_INTERNAL_TASK_VERSION": template.id.version,
        "FLYTE_INTERNAL_NODE_ID": NODE,
    })
    done = subprocess.run(args, cwd=HERE, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not (output_prefix / "futures.pb").is_file():
        raise SystemExit(f"pyflyte-execute failed ({done.returncode}); files {sorted(os.listdir(output_prefix))}\n"
                         f"{done.stdout}\n{done.stderr}")
    return output_prefix


def _node_lines(spec) -> list[str]:
    lines = []
    for n in spec.nodes:
        kind = n.WhichOneof("target")
        if kind == "task_node":
            what = f"task {n.task_node.reference_id.name}"
        elif kind == "workflow_node":
            ref = n.workflow_node.WhichOneof("reference")
            target = getattr(n.workflow_node, ref)
            what = f"workflow/{ref} {target.name}"
        else:
            what = kind
        lines.append(f"{n.id}  {what}  upstream_node_ids={','.join(n.upstream_node_ids) or '-'}")
    for sw in spec.subworkflows:
        lines.append(f"sub_workflow {sw.id.name}: " + ", ".join(n.id for n in sw.nodes))
    lines.append("tasks: " + ", ".join(t.id.name for t in spec.tasks))
    return lines


def _generate_case(out_dir: Path, case: str, task, values: dict, launch_plans: list) -> list[dict]:
    case_dir = out_dir / case
    case_dir.mkdir(parents=True)
    template = _serialize(task).template.to_flyte_idl()
    rows = [{"file": "parent-task.pb", **write_message(case_dir / "parent-task.pb", template), "id": _id_str(template.id)}]
    inputs = _inputs(task, values)
    rows.append({"file": "inputs.pb", **write_message(case_dir / "inputs.pb", inputs), "id": "-"})

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs_pb = work / "in" / "inputs.pb"
        inputs_pb.parent.mkdir()
        inputs_pb.write_bytes(inputs.SerializeToString(deterministic=True))
        written = _run_pod(template, inputs_pb, work)
        data = (written / "futures.pb").read_bytes()
    spec = dynamic_job_pb2.DynamicJobSpec()
    spec.ParseFromString(data)
    # flytekit writes map entries (interface variables) in the protobuf runtime's hash order, which changes from
    # process to process; written here is the same message with its map entries sorted, nothing else changed.
    rows.append({"file": "futures.pb", **write_message(case_dir / "futures.pb", spec), "id": "-"})
    again = dynamic_job_pb2.DynamicJobSpec()
    again.ParseFromString((case_dir / "futures.pb").read_bytes())
    if again != spec:
        raise SystemExit(f"{case}: futures.pb changed when its map entries were sorted")

    for i, lp in enumerate(launch_plans):
        model = _serialize(lp)
        wf = _serialize(lp.workflow).template.to_flyte_idl()
        idl = launch_plan_pb2.LaunchPlan(id=model.id.to_flyte_idl(), spec=model.spec.to_flyte_idl())
        idl.closure.expected_inputs.CopyFrom(idl.spec.default_inputs)
        idl.closure.expected_outputs.CopyFrom(wf.interface.outputs)
        rel = f"launch_plans/{i:02d}.pb"
        rows.append({"file": rel, **write_message(case_dir / rel, idl), "id": _id_str(idl.id)})

    lines = [
        f"# dynamic-futures case '{case}': written by flytekit; regenerate with ./generate.sh",
        f"# flytekit {dist_version('flytekit')}, flyteidl {dist_version('flyteidl')}, protobuf {dist_version('protobuf')}",
        f"# inputs: {values!r}",
        "#",
        "# file  message  bytes  sha256  identifier",
    ]
    lines += [f"{r['file']}  {r['message']}  {r['size']}  {r['sha256']}  {r['id']}" for r in rows]
    lines += ["", "# futures.pb: node id  kind target  upstream_node_ids"]
    lines += [f"#   {line}" for line in _node_lines(spec)]
    (case_dir / MANIFEST).write_text("\n".join(lines) + "\n")
    return rows


def verify(root: Path) -> int:
    """Re-reads a fixture tree, driven only by the manifests."""
    case_dirs = sorted(d for d in root.iterdir() if (d / MANIFEST).is_file())
    if not case_dirs:
        raise SystemExit(f"no case directories under {root}")
    checked = 0
    for case_dir in case_dirs:
        rows = []
        for line in (case_dir / MANIFEST).read_text().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split()
            if len(parts) != 5:
                raise SystemExit(f"{case_dir.name}/{MANIFEST}: malformed line {line!r}")
            rows.append(dict(zip(("file", "message", "size", "sha256", "id"), parts)))
        listed = {r["file"] for r in rows}
        on_disk = {str(p.relative_to(case_dir)) for p in case_dir.rglob("*") if p.is_file() and p.name != MANIFEST}
        if listed != on_disk:
            raise SystemExit(f"{case_dir.name}: manifest/files mismatch: unlisted {sorted(on_disk - listed)}, "
                             f"missing {sorted(listed - on_disk)}")
        for r in rows:
            where = f"{case_dir.name}/{r['file']}"
            data = (case_dir / r["file"]).read_bytes()
            if len(data) != int(r["size"]) or hashlib.sha256(data).hexdigest() != r["sha256"]:
                raise SystemExit(f"{where}: size/sha256 differ from {MANIFEST}")
            check_round_trip(data, r["message"], where)
            checked += 1
    print(f"verified {checked} files in {len(case_dirs)} cases under {root}")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--verify":
        return verify(Path(argv[2]).resolve())
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[1]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    import dynamic_tasks  # noqa: E402  (imported late so --verify needs no flytekit entities)

    for case, (task, values, lps) in dynamic_tasks.CASES.items():
        rows = _generate_case(out_dir, case, task, values, lps)
        print(f"{case:<14} {len(rows):>3} files {sum(r['size'] for r in rows):>7} bytes")
    return verify(out_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
