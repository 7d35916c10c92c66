package io.aloft.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One local stack per data directory: an exclusive lock on {@code <data>/aloft.lock}, holding the owner's pid, taken
 * before anything starts and released when the stack stops (or its process dies). A second {@code ./aloft up} on the
 * same directory fails at once, saying which process has it, instead of failing half-started on PostgreSQL's lock.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dataDir}; IllegalStateException naming the holder if another stack has it. */
  static DataDirLock take(Path dataDir) {
    Path file = dataDir.resolve("aloft.lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this JVM
      }
      if (lock == null) {
        ByteBuffer b = ByteBuffer.allocate(64);
        channel.read(b, 0);
        String holder = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new IllegalStateException(dataDir + " is in use by another local stack"
            + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop that one first (Ctrl-C), or start this one"
            + " with --data-dir DIR");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // already failing
      }
      throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
