package io.aloft.embedded.cluster;

import io.aloft.embedded.MissingComponentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One cluster per host: the bridge, the node address, iptables and the kubelet's fixed paths are host-wide. The
 * lock is an OS file lock, so a killed owner releases it; the file also records the owner's work directory, so the
 * next owner can clean up what a killed one left behind.
 */
final class ClusterLock implements AutoCloseable {
  static final Path DEFAULT_FILE = Path.of("/run/aloft-cluster.lock");

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private ClusterLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the host's cluster lock or fails at once, saying who holds it. */
  static ClusterLock acquire(Path file) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        String owner = Files.readString(file).trim();
        ch.close();
        throw new MissingComponentException("another Aloft cluster runs on this host (" + file + ": " + owner
            + "); one cluster per host (the bridge, iptables and the kubelet's paths are host-wide). Stop it"
            + " (e.g. the ./aloft up --kubelet in another terminal) and retry.");
      }
      return new ClusterLock(file, ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the cluster lock " + file, e);
    }
  }

  /** The work directory the previous owner recorded, if any (it may have been killed before cleaning up). */
  Optional<Path> previousWorkDir() {
    try {
      String[] fields = Files.readString(file).trim().split(" ", 2);
      return fields.length == 2 && !fields[1].isBlank() ? Optional.of(Path.of(fields[1])) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records this owner (pid and work directory). */
  void record(Path workDir) {
    try {
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + " " + workDir + "\n").getBytes()), 0);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Clears the record: everything the owner made is gone. */
  void clear() {
    try {
      channel.truncate(0);
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases it with the process anyway
    }
  }
}
