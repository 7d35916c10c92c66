# A small flytekit project registered by PyflyteRegisterIT with the real `pyflyte register`.
from flytekit import task, workflow, LaunchPlan

@task
def double(x: int) -> int:
    return x * 2

@task
def greet(name: str, n: int) -> str:
    return f"hello {name} x{n}"

@workflow
def inner(x: int) -> int:
    return double(x=x)

@workflow
def pipeline(x: int = 3, name: str = "aloft") -> str:
    y = inner(x=x)
    return greet(name=name, n=y)

lp = LaunchPlan.get_or_create(pipeline, name="pipeline_lp", max_parallelism=2, default_inputs={"x": 5})
