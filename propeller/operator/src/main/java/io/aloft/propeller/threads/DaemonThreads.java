package io.aloft.propeller.threads;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The propeller's background threads: daemons, so that none holds the JVM open at shutdown, and named, so that a
 * thread dump or a profile says which loop a thread runs.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads named {@code prefix0}, {@code prefix1}, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(r, prefix + n.getAndIncrement());
  }

  /** A single-thread scheduler whose one daemon thread is named {@code name}. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
  }

  /** A started daemon thread named {@code name} running {@code body}. */
  public static Thread start(String name, Runnable body) {
    Thread t = daemon(body, name);
    t.start();
    return t;
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
