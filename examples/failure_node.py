"""A failure node: a task flytekit runs when the workflow fails, given the error.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/failure_node.py failing_wf --name fail
"""
import typing

from flytekit import task, workflow
from flytekit.types.error import FlyteError


@task
def greet(name: str) -> str:
    if name == "fail":
        raise ValueError("name must not be 'fail'")
    return f"hello {name}"


@task
def clean_up(name: str, err: typing.Optional[FlyteError] = None) -> None:
    # The failure node receives the workflow's error; print it so the task's log shows it.
    print(f"cleaning up after {name}: {err.message if err else 'no error'} (failed node {err.failed_node_id if err else '-'})")


@workflow(on_failure=clean_up)
def failing_wf(name: str = "fail") -> str:
    return greet(name=name)
