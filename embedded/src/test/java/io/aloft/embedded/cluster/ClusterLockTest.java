package io.aloft.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.embedded.MissingComponentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLockTest {

  @Test
  void aSecondClusterOnTheHostFailsAtOnceNamingTheFirst(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cluster.lock");
    Path ready = dir.resolve("ready");
    // another process holds the lock, as a second ./aloft up --kubelet or test run would
    Process holder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), Holder.class.getName(), file.toString(), ready.toString()))
        .inheritIO().start();
    try {
      for (int i = 0; i < 200 && !Files.exists(ready); i++) {
        Thread.sleep(50);
      }
      assertThat(ready).exists();

      assertThatThrownBy(() -> ClusterLock.acquire(file))
          .isInstanceOf(MissingComponentException.class)
          .hasMessageContaining("another Aloft cluster runs on this host")
          .hasMessageContaining(Long.toString(holder.pid()))
          .hasMessageContaining("/work/of/the/first");
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    // a killed owner leaves its record behind: the next owner learns where to clean up
    try (ClusterLock next = ClusterLock.acquire(file)) {
      assertThat(next.previousWorkDir()).contains(Path.of("/work/of/the/first"));
      next.record(dir.resolve("mine"));
      assertThat(next.previousWorkDir()).contains(dir.resolve("mine"));
      next.clear();
      assertThat(next.previousWorkDir()).isEmpty();
    }
  }

  /** Holds the lock in a process of its own until killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      ClusterLock lock = ClusterLock.acquire(Path.of(args[0]));
      lock.record(Path.of("/work/of/the/first"));
      Files.writeString(Path.of(args[1]), "held");
      Thread.sleep(60_000);
    }
  }
}
