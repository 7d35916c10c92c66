"""Max parallelism: six independent tasks, at most two running at once (set on the launch plan).

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/parallel.py parallel_lp
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote --max-parallelism 3 examples/parallel.py parallel_wf
"""
from typing import List

from flytekit import LaunchPlan, task, workflow


@task
def work(i: int) -> int:
    import time

    time.sleep(1)
    return i * i


@task
def collect(a: int, b: int, c: int, d: int, e: int, f: int) -> List[int]:
    return [a, b, c, d, e, f]


@workflow
def parallel_wf() -> List[int]:
    return collect(a=work(i=1), b=work(i=2), c=work(i=3), d=work(i=4), e=work(i=5), f=work(i=6))


parallel_lp = LaunchPlan.get_or_create(parallel_wf, name="parallel_lp", max_parallelism=2)


if __name__ == "__main__":
    print(parallel_wf())
