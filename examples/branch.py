"""A branch: the workflow takes one of two paths depending on a task's result.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/branch.py branch_wf --x 7
"""
from flytekit import conditional, task, workflow


@task
def is_even(x: int) -> bool:
    return x % 2 == 0


@task
def half(x: int) -> int:
    return x // 2


@task
def triple_plus_one(x: int) -> int:
    return 3 * x + 1


@workflow
def branch_wf(x: int = 7) -> int:
    even = is_even(x=x)
    return conditional("collatz").if_(even.is_true()).then(half(x=x)).else_().then(triple_plus_one(x=x))


if __name__ == "__main__":
    print(branch_wf(x=7), branch_wf(x=8))
