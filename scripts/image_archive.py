#!/usr/bin/env python3
"""Writes and reads the image archives of scripts/build-images.sh (no container engine, no registry).

  image_archive.py write OUT.tar REF CONFIG_JSON CREATED LAYER.tar.gz[=HISTORY] ...
      Writes one image as a tarball that is at once an OCI image layout (oci-layout, index.json, blobs/sha256/...)
      and a `docker save` archive (manifest.json naming the same blobs). containerd (`ctr images import`) and
      skopeo (`oci-archive:`) read the first; Jib's `tar://` base images and skopeo's `docker-archive:` the second.
      CONFIG_JSON is the image's runtime config (Env, Entrypoint, Cmd, User, WorkingDir, ExposedPorts, Labels);
      CREATED an RFC 3339 time. Layers must already be gzip-compressed tarballs. Prints the manifest digest.
  image_archive.py digest ARCHIVE.tar
  image_archive.py ref ARCHIVE.tar
      Print the manifest digest, or the reference (annotation org.opencontainers.image.ref.name), of the single
      image in an OCI archive: ours, or Jib's `buildTar` output.
  image_archive.py name ARCHIVE.tar
      Adds the annotation io.containerd.image.name (the fully qualified reference) to an archive whose index lacks
      it, as Jib's do: without it `ctr images import` lists the image as `aloft/admin:1`, a name the kubelet never
      asks for (it asks for `docker.io/aloft/admin:1`). Only index.json changes; the image and its digest do not.

Everything written is a function of the inputs: JSON with sorted keys and no spaces, tar entries in a fixed order
with mtime CREATED and owner 0:0. So the same layers and config give the same digests and the same archive bytes.
"""
import datetime
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def sha256_of_file(path, opener=open):
    digest = hashlib.sha256()
    with opener(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def fully_qualified(ref):
    """Docker's normalisation, which containerd applies too: 'aloft/admin:1' is 'docker.io/aloft/admin:1'."""
    first = ref.split("/", 1)[0]
    if "/" in ref and ("." in first or ":" in first or first == "localhost"):
        return ref
    return "docker.io/" + (ref if "/" in ref else "library/" + ref)


class Archive:
    """A tar written entry by entry, every header the same but for name and size."""

    def __init__(self, path, mtime):
        self.tar = tarfile.open(path, "w", format=tarfile.USTAR_FORMAT)
        self.mtime = mtime

    def _info(self, name, size, kind=tarfile.REGTYPE):
        info = tarfile.TarInfo(name)
        info.size, info.type, info.mtime = size, kind, self.mtime
        info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    def directory(self, name):
        self.tar.addfile(self._info(name, 0, tarfile.DIRTYPE))

    def data(self, name, data):
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))

    def file(self, name, path):
        with open(path, "rb") as stream:
            self.tar.addfile(self._info(name, os.path.getsize(path)), stream)

    def close(self):
        self.tar.close()


def write(out, ref, config_json, created, layer_args):
    layers = []
    for arg in layer_args:
        path, _, history = arg.partition("=")
        layers.append({
            "path": path,
            "digest": sha256_of_file(path),
            "diff_id": sha256_of_file(path, gzip.open),  # containerd checks it against the uncompressed tar
            "size": os.path.getsize(path),
            "history": history or os.path.basename(path),
        })
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": created,
        "config": json.loads(config_json),
        "rootfs": {"type": "layers", "diff_ids": [layer["diff_id"] for layer in layers]},
        "history": [{"created": created, "created_by": layer["history"]} for layer in layers],
    }
    config_bytes = canonical_json(config)
    config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": len(config_bytes)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": layer["digest"], "size": layer["size"]}
                   for layer in layers],
    }
    manifest_bytes = canonical_json(manifest)
    manifest_digest = "sha256:" + hashlib.sha256(manifest_bytes).hexdigest()
    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{
            "mediaType": OCI_MANIFEST,
            "digest": manifest_digest,
            "size": len(manifest_bytes),
            # containerd names the imported image after the first; skopeo and Jib's own archives use the second.
            "annotations": {"io.containerd.image.name": fully_qualified(ref),
                            "org.opencontainers.image.ref.name": ref},
        }],
    }
    blob = lambda digest: "blobs/sha256/" + digest.split(":", 1)[1]
    docker_manifest = [{"Config": blob(config_digest), "RepoTags": [ref],
                        "Layers": [blob(layer["digest"]) for layer in layers]}]

    mtime = int(datetime.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())
    partial = out + ".partial"
    archive = Archive(partial, mtime)
    archive.data("oci-layout", canonical_json({"imageLayoutVersion": "1.0.0"}))
    archive.data("index.json", canonical_json(index))
    archive.data("manifest.json", canonical_json(docker_manifest))
    archive.directory("blobs/")
    archive.directory("blobs/sha256/")
    archive.data(blob(config_digest), config_bytes)
    archive.data(blob(manifest_digest), manifest_bytes)
    written = set()
    for layer in layers:
        if layer["digest"] not in written:  # two identical layers share one blob
            archive.file(blob(layer["digest"]), layer["path"])
            written.add(layer["digest"])
    archive.close()
    os.replace(partial, out)
    print(manifest_digest)


def the_manifest(archive_path):
    """The index entry of the archive's single image."""
    with tarfile.open(archive_path) as tar:
        try:
            manifests = json.load(tar.extractfile("index.json"))["manifests"]
        except KeyError:
            sys.exit(f"{archive_path}: no index.json; not an OCI archive")
    if len(manifests) != 1:
        sys.exit(f"{archive_path}: expected one image, found {len(manifests)}")
    return manifests[0]


def name_for_containerd(archive_path):
    entry = the_manifest(archive_path)
    annotations = entry.setdefault("annotations", {})
    ref = annotations.get("org.opencontainers.image.ref.name")
    if not ref:
        sys.exit(f"{archive_path}: the image has no reference (org.opencontainers.image.ref.name) to name it by")
    if annotations.get("io.containerd.image.name") == fully_qualified(ref):
        return
    annotations["io.containerd.image.name"] = fully_qualified(ref)
    with tarfile.open(archive_path) as tar:
        index = json.load(tar.extractfile("index.json"))
    index["manifests"][0] = entry
    partial = archive_path + ".partial"
    with tarfile.open(archive_path) as source, tarfile.open(partial, "w", format=source.format) as target:
        for member in source:
            if member.name == "index.json":
                data = canonical_json(index)
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, source.extractfile(member) if member.isfile() else None)
    os.replace(partial, archive_path)


def main(argv):
    if len(argv) >= 6 and argv[1] == "write":
        write(argv[2], argv[3], argv[4], argv[5], argv[6:])
    elif len(argv) == 3 and argv[1] == "digest":
        print(the_manifest(argv[2])["digest"])
    elif len(argv) == 3 and argv[1] == "name":
        name_for_containerd(argv[2])
    elif len(argv) == 3 and argv[1] == "ref":
        print(the_manifest(argv[2]).get("annotations", {}).get("org.opencontainers.image.ref.name", ""))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
