"""Writing and checking protobuf fixtures, shared by the flytekit fixture generators.

Both api-protos/src/test/resources/flytekit-fixtures/generate_fixtures.py and
propeller/compiler/src/test/resources/flytekit-workflows/generate_workflows.py import this
(their generate.sh puts this directory on PYTHONPATH).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.unknown_fields import UnknownFieldSet


def write_message(path: Path, message) -> dict:
    """Writes ``message`` to ``path`` and returns its manifest fields (message, size, sha256).

    Map fields (labels, interface variables, Struct-based JSON schemas) have no defined order in the
    protobuf runtime; deterministic=True sorts map keys so regenerating yields the same bytes. Everything
    else is serialized exactly as flytekit's own SerializeToString would.
    """
    data = message.SerializeToString(deterministic=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {
        "message": message.DESCRIPTOR.full_name,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def unknown_field_paths(msg, path: str) -> list[str]:
    """Paths of every message in the tree that carries fields the pinned flyteidl does not declare.

    A fixture with such fields would test nothing on the Java side (they'd be skipped there too), so the
    whole tree is walked, map values and repeated messages included.
    """
    found = [path] if len(UnknownFieldSet(msg)) else []
    for fd, value in msg.ListFields():
        if fd.message_type is None:
            continue
        if fd.message_type.GetOptions().map_entry:
            value_fd = fd.message_type.fields_by_name["value"]
            if value_fd.message_type is not None:
                for key, item in value.items():
                    found += unknown_field_paths(item, f"{path}.{fd.name}[{key!r}]")
        elif fd.is_repeated:
            for i, item in enumerate(value):
                found += unknown_field_paths(item, f"{path}.{fd.name}[{i}]")
        else:
            found += unknown_field_paths(value, f"{path}.{fd.name}")
    return found


def check_round_trip(data: bytes, message_name: str, where: str) -> None:
    """Parses ``data`` as ``message_name`` as an independent consumer would; exits unless re-serializing
    reproduces the bytes and no field is unknown."""
    descriptor = descriptor_pool.Default().FindMessageTypeByName(message_name)
    msg = message_factory.GetMessageClass(descriptor)()
    msg.ParseFromString(data)
    if msg.SerializeToString(deterministic=True) != data:
        raise SystemExit(f"{where}: re-serialization does not reproduce the file bytes")
    unknown = unknown_field_paths(msg, message_name)
    if unknown:
        raise SystemExit(f"{where}: unknown fields at {', '.join(unknown)}")
