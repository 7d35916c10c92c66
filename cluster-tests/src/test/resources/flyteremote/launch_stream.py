"""Launches executions of one launch plan through flytekit's FlyteRemote at a steady pace until a stop file appears,
as a user's script or a scheduler would, and writes one JSON line per launch.

    python launch_stream.py CONFIG PROJECT DOMAIN LAUNCH_PLAN VERSION PREFIX INTERVAL_SECONDS STOP_FILE OUT_FILE CLIENT

Execution names are PREFIX-0, PREFIX-1, ...; input x is the index. A launch that raises is recorded with its error
and the stream goes on: the test decides what a failure means. FlyteRemote's own client behaviour applies (its gRPC
channel, and its retries of UNAVAILABLE with ALREADY_EXISTS taken as success), as it would for a user.
CLIENT "shared" launches everything through one FlyteRemote (one connection, so one admin replica behind a Service);
"fresh" makes a new FlyteRemote per launch, as separate users or CLI runs do, so launches spread over the replicas.
"""
import json
import os
import sys
import time

from flytekit.configuration import Config
from flytekit.remote import FlyteRemote


def main(config, project, domain, lp_name, version, prefix, interval, stop_file, out_file, client):
    def connect():
        if client == "fresh":
            # gRPC shares connections between channels of one process; a pool of its own gives each FlyteRemote its
            # own connection, as a separate process (another user, another pyflyte run) would have
            return FlyteRemote(Config.auto(config), default_project=project, default_domain=domain,
                               options=[("grpc.use_local_subchannel_pool", 1)])
        return FlyteRemote(Config.auto(config), default_project=project, default_domain=domain)

    remote = connect()
    lp = remote.fetch_launch_plan(name=lp_name, version=version)
    i = 0
    with open(out_file, "a") as out:
        while not os.path.exists(stop_file):
            name = f"{prefix}-{i}"
            started = time.time()
            try:
                if client == "fresh":
                    remote = connect()
                remote.execute(lp, inputs={"x": i}, execution_name=name, wait=False)
                record = {"name": name, "ok": True}
            except Exception as e:  # recorded, never hidden: the test asserts there are none
                record = {"name": name, "ok": False, "error": f"{type(e).__name__}: {e}"}
            record["seconds"] = round(time.time() - started, 3)
            out.write(json.dumps(record) + "\n")
            out.flush()
            i += 1
            time.sleep(max(0.0, interval - (time.time() - started)))


if __name__ == "__main__":
    if len(sys.argv) != 11 or sys.argv[10] not in ("shared", "fresh"):
        sys.exit(__doc__)
    main(*sys.argv[1:7], float(sys.argv[7]), sys.argv[8], sys.argv[9], sys.argv[10])
