# Registered by FlytekitScheduleIT with the real `pyflyte register --activate-launchplans`: a launch plan that fires
# every minute, its kickoff time bound to the workflow's datetime input `t`.
from datetime import datetime

from flytekit import CronSchedule, LaunchPlan, task, workflow


@task
def stamp(t: datetime) -> str:
    return t.isoformat()


@workflow
def stamped(t: datetime) -> str:
    return stamp(t=t)


every_minute = LaunchPlan.get_or_create(
    stamped, name="every_minute", schedule=CronSchedule(schedule="* * * * *", kickoff_time_input_arg="t"))
