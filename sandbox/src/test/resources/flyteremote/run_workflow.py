"""Runs a registered workflow through flytekit's FlyteRemote and waits for it, as a user's script would.

    python run_workflow.py CONFIG PROJECT DOMAIN WORKFLOW VERSION EXECUTION_NAME KEY=INT ...

Prints {"phase": ..., "outputs": {...}} as JSON once the execution is done. With an admin that has authentication on,
the config's client credentials are what gets FlyteRemote its token.
"""
import json
import sys
from datetime import timedelta

from flytekit.configuration import Config
from flytekit.models.core.execution import WorkflowExecutionPhase
from flytekit.remote import FlyteRemote

config, project, domain, workflow, version, name = sys.argv[1:7]
inputs = {k: int(v) for k, v in (a.split("=", 1) for a in sys.argv[7:])}
remote = FlyteRemote(config=Config.auto(config_file=config), default_project=project, default_domain=domain)
wf = remote.fetch_workflow(name=workflow, version=version)
execution = remote.execute(wf, inputs=inputs, execution_name=name)
execution = remote.wait(execution, timeout=timedelta(minutes=4))
print(json.dumps({
    "phase": WorkflowExecutionPhase.enum_to_string(execution.closure.phase),
    "outputs": {k: execution.outputs[k] for k in execution.outputs.literals} if execution.outputs else {},
}))
