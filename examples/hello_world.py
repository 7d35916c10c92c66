"""Hello world: one task, one workflow.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/hello_world.py hello_world_wf --name Aloft
"""
from flytekit import task, workflow


@task
def say_hello(name: str) -> str:
    print(f"saying hello to {name}")  # in the task's log: the link FlyteRemote / flytectl show
    return f"Hello, {name}!"


@workflow
def hello_world_wf(name: str = "world") -> str:
    return say_hello(name=name)


if __name__ == "__main__":
    print(hello_world_wf(name="Aloft"))
