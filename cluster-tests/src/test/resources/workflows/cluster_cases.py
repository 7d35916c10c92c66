"""Workflows the cluster tier runs on the real kubelet, besides examples/hello_world.py.

- echo_wf: no pod (propeller's echo plugin); a cheap stream of launches while admin scales.
- one_pod_wf: one small Python task, one pod each; a stream of these while pods are killed, to count pod launches.
- oom_wf: a task whose container holds more memory than its limit; the kubelet OOM-kills it.
- missing_image_wf: a task whose image exists nowhere; the kubelet cannot pull it.
"""
from flytekit import Resources, task, workflow
from flytekit.core.task import Echo

echo = Echo(name="echo", inputs={"x": int})


@workflow
def echo_wf(x: int = 0) -> int:
    return echo(x=x)


@task
def add_one(x: int) -> int:
    return x + 1


@workflow
def one_pod_wf(x: int = 0) -> int:
    return add_one(x=x)


@task(requests=Resources(mem="200Mi"), limits=Resources(mem="200Mi"))
def hog(mb: int) -> int:
    held = b"x" * (mb * 1024 * 1024)  # really touched: bytes are written, not just reserved
    return len(held)


@workflow
def oom_wf(mb: int = 1024) -> int:
    return hog(mb=mb)


# localhost: the pull fails at once (nothing listens), not after a DNS timeout for a public registry
@task(container_image="localhost/aloft/does-not-exist:0.0.0")
def unreachable() -> str:
    return "never runs"


@workflow
def missing_image_wf() -> str:
    return unreachable()
