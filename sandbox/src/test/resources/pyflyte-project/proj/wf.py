# A small flytekit project registered by PyflyteRegisterIT with the real `pyflyte register`; FlytekitEndToEndIT
# also runs `flat` (task nodes only) end to end.
from dataclasses import dataclass
from typing import List, Tuple

from flytekit import task, workflow, LaunchPlan

@dataclass
class Point:
    x: int
    y: int

@task
def double(x: int) -> int:
    return x * 2

@task
def greet(name: str, n: int) -> str:
    return f"hello {name} x{n}"

@task
def make_point(x: int) -> Point:
    return Point(x=x, y=x + 1)

@task
def append(xs: List[int], v: int) -> List[int]:
    return xs + [v]

@workflow
def inner(x: int) -> int:
    return double(x=x)

@workflow
def pipeline(x: int = 3, name: str = "aloft") -> str:
    y = inner(x=x)
    return greet(name=name, n=y)

@workflow
def flat(x: int, xs: List[int], name: str) -> Tuple[str, List[int]]:
    # Scalars, a list and attributes of a dataclass output (promise attribute access), across task nodes only.
    p = make_point(x=x)
    d = double(x=p.x)
    ys = append(xs=xs, v=d)
    return greet(name=name, n=p.y), ys

lp = LaunchPlan.get_or_create(pipeline, name="pipeline_lp", max_parallelism=2, default_inputs={"x": 5})
