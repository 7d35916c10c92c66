"""Sets a gate's signal through flytekit's FlyteRemote, as a user would, once the gate asked for it.

    python set_signal.py CONFIG PROJECT DOMAIN EXECUTION SIGNAL_ID (approve | reject | int VALUE)

It waits (up to four minutes) until ListSignals shows the signal for the execution, prints the signal ids listed,
then calls FlyteRemote.approve, FlyteRemote.reject or FlyteRemote.set_signal.
"""
import sys
import time

from flytekit.configuration import Config
from flytekit.remote import FlyteRemote


def main(config, project, domain, execution, signal_id, kind, value=None):
    remote = FlyteRemote(Config.auto(config_file=config), default_project=project, default_domain=domain)
    deadline = time.time() + 240
    while True:
        listed = [s.id.signal_id for s in remote.list_signals(execution, project=project, domain=domain)]
        if signal_id in listed:
            break
        if time.time() > deadline:
            raise SystemExit(f"signal {signal_id} of {execution} never listed (listed: {listed})")
        time.sleep(0.5)
    if kind == "approve":
        remote.approve(signal_id, execution, project=project, domain=domain)
    elif kind == "reject":
        remote.reject(signal_id, execution, project=project, domain=domain)
    else:
        remote.set_signal(signal_id, execution, int(value), project=project, domain=domain)
    print(",".join(sorted(listed)))


if __name__ == "__main__":
    main(*sys.argv[1:])
