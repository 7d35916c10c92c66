"""A chain passing data between tasks: scalars, a list and a dataclass attribute, all through S3.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/chain.py chain_wf --x 3
"""
from dataclasses import dataclass
from typing import List

from flytekit import task, workflow


@dataclass
class Stats:
    total: int
    count: int


@task
def numbers(x: int) -> List[int]:
    return [x * i for i in range(1, 5)]


@task
def summarize(xs: List[int]) -> Stats:
    return Stats(total=sum(xs), count=len(xs))


@task
def mean(total: int, count: int) -> float:
    return total / count


@workflow
def chain_wf(x: int = 3) -> float:
    s = summarize(xs=numbers(x=x))
    return mean(total=s.total, count=s.count)


if __name__ == "__main__":
    print(chain_wf(x=3))
