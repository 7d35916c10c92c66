"""Deactivates and reactivates a launch plan through one FlyteRemote (one long-lived gRPC channel), as a user would,
and prints, as JSON, the state admin answers on that channel after each change, next to what flytekit's friendly
client returns.

    python launch_plan_state.py CONFIG PROJECT DOMAIN LAUNCH_PLAN_NAME

flytekit's SynchronousFlyteClient.get_launch_plan is wrapped in functools.lru_cache (as are get_task and
get_workflow): it answers every later call for the same id from memory, for the client's lifetime. The raw stub
underneath it sends GetLaunchPlan each time; "raw" is what admin said.
"""
import json
import sys

from flyteidl.admin import common_pb2
from flytekit.configuration import Config
from flytekit.models.launch_plan import LaunchPlanState
from flytekit.remote import FlyteRemote


def main(config, project, domain, name):
    remote = FlyteRemote(Config.auto(config_file=config), default_project=project, default_domain=domain)
    lp_id = remote.fetch_launch_plan(name=name).id
    client = remote.client

    def raw():
        request = common_pb2.ObjectGetRequest(id=lp_id.to_flyte_idl())
        return client._stub.GetLaunchPlan(request, metadata=client._metadata).closure.state

    seen = []
    for state in (LaunchPlanState.ACTIVE, LaunchPlanState.INACTIVE, LaunchPlanState.ACTIVE, LaunchPlanState.INACTIVE):
        client.update_launch_plan(lp_id, state)
        seen.append({"set": state, "raw": [raw() for _ in range(3)],
                     "friendly": client.get_launch_plan(lp_id).closure.state})
    print(json.dumps(seen))


if __name__ == "__main__":
    main(*sys.argv[1:])
