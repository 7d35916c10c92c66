"""A map task: one task run over every element of a list, in parallel.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/map_task.py map_wf --xs '[1, 2, 3, 4]'
"""
from typing import List

from flytekit import map_task, task, workflow


@task
def square(x: int) -> int:
    return x * x


@task
def add_up(xs: List[int]) -> int:
    return sum(xs)


@workflow
def map_wf(xs: List[int] = [1, 2, 3, 4]) -> int:
    return add_up(xs=map_task(square)(x=xs))


if __name__ == "__main__":
    print(map_wf(xs=[1, 2, 3, 4]))
