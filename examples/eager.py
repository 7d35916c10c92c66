"""An @eager workflow: plain async Python whose task calls run as executions of their own, launched through admin
by flytekit in the workflow's pod (which finds admin through FLYTE_PLATFORM_URL, set by propeller's
default-env-vars).

    ./aloft pyflyte --config ~/.aloft/local/flytekit.yaml run --remote --wait examples/eager.py eager_wf --x 3
"""
from flytekit import eager, task


@task
def add_one(x: int) -> int:
    return x + 1


@task
def double(x: int) -> int:
    return x * 2


@eager
async def eager_wf(x: int = 1) -> int:
    out = add_one(x=x)
    if out > 100:  # plain Python control flow on a task's result
        return out
    return double(x=out)


if __name__ == "__main__":
    import asyncio

    print(asyncio.run(eager_wf(x=3)))
