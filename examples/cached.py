"""A cached task: the second run with the same inputs takes the outputs from datacatalog and creates no pod.

    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/cached.py cached_wf --n 10
    pyflyte --config ~/.aloft/local/flytekit.yaml run --remote examples/cached.py cached_wf --n 10   # cache hit
"""
from flytekit import task, workflow


@task(cache=True, cache_version="1")
def slow_square(n: int) -> int:
    import time

    time.sleep(2)
    return n * n


@workflow
def cached_wf(n: int = 10) -> int:
    return slow_square(n=n)


if __name__ == "__main__":
    print(cached_wf(n=10))
