"""A sub-workflow: a workflow used as a step of another.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/subworkflow.py outer_wf --a 2 --b 5
"""
from flytekit import task, workflow


@task
def add(a: int, b: int) -> int:
    return a + b


@task
def times_ten(x: int) -> int:
    return x * 10


@workflow
def inner_wf(a: int, b: int) -> int:
    return times_ten(x=add(a=a, b=b))


@workflow
def outer_wf(a: int = 2, b: int = 5) -> int:
    return add(a=inner_wf(a=a, b=b), b=1)


if __name__ == "__main__":
    print(outer_wf(a=2, b=5))
