"""Reads executions back through flytekit's FlyteRemote, as a user would, and prints them as JSON.

    python read_executions.py CONFIG PROJECT DOMAIN NAME [NAME ...]

For each execution: it waits (FlyteRemote.wait, syncing nodes) until the execution is done, then prints its phase,
error, outputs as Python values (flytekit's own conversion from the literals admin returns), and every node
execution (sub-workflow nodes flattened as parent/child): phase, start (epoch seconds), duration (seconds), cache
status, and the log links of its task executions, including those of map-task sub tasks (external resources).
"""
import json
import sys
from datetime import timedelta

from flytekit.configuration import Config
from flytekit.remote import FlyteRemote


def flatten(node_executions, prefix=""):
    for node_id, ne in sorted(node_executions.items()):
        yield prefix + node_id, ne
        if ne.subworkflow_node_executions:
            yield from flatten(ne.subworkflow_node_executions, prefix + node_id + "/")


def flat(items):
    for item in items or []:
        if isinstance(item, list):
            yield from flat(item)
        else:
            yield item


def task_executions(ne):
    # FlyteRemote gives a dynamic node a list of its nodes' task executions, nested as deep as its dynamics are
    yield from flat(ne.task_executions)


def logs_of(ne):
    out = []
    for te in task_executions(ne):
        c = te.closure
        out += [{"name": log.name, "uri": log.uri} for log in c.logs]
        if c.metadata is not None and c.metadata.external_resources:
            for r in c.metadata.external_resources:
                out += [{"name": log.name, "uri": log.uri, "index": r.index} for log in r.logs]
    return out


def read(remote, name):
    ex = remote.wait(remote.fetch_execution(name=name), timeout=timedelta(minutes=4), sync_nodes=True)
    entry = {
        "phase": ex.closure.phase,
        "error": ex.error.message if ex.error else None,
        "outputs": {k: ex.outputs[k] for k in ex.outputs.keys()} if ex.is_successful else None,
        "nodes": {},
    }
    for node_id, ne in flatten(ex.node_executions):
        c = ne.closure
        tm = c.task_node_metadata
        entry["nodes"][node_id] = {
            "phase": c.phase,
            "started": c.started_at.timestamp() if c.started_at else None,
            "duration": c.duration.total_seconds() if c.duration else None,
            "cache_status": tm.cache_status if tm else None,
            "task_executions": len(list(task_executions(ne))),
            "logs": logs_of(ne),
        }
    return entry


def main(config, project, domain, names):
    remote = FlyteRemote(Config.auto(config_file=config), default_project=project, default_domain=domain)
    json.dump({name: read(remote, name) for name in names}, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
