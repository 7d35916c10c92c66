package io.aloft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about a process: CPU time and resident memory. */
public final class ProcStats {
  private ProcStats() {}

  /** User + system CPU seconds of process {@code pid} so far. */
  public static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields after the command: state(0) ... utime(11) stime(12), in clock ticks (100 per second on Linux)
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /**
   * User + system CPU seconds so far of every live process whose command name (as /proc shows it, at most 15
   * characters) is {@code comm}: a server of several processes, such as PostgreSQL's backends, counted whole.
   */
  public static double cpuSecondsOf(String comm) {
    double sum = 0;
    java.io.File[] procs = new java.io.File("/proc").listFiles(f -> f.getName().chars().allMatch(Character::isDigit));
    for (java.io.File proc : procs == null ? new java.io.File[0] : procs) {
      try {
        String stat = Files.readString(proc.toPath().resolve("stat"));
        if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals(comm)) {
          sum += cpuSeconds(Long.parseLong(proc.getName()));
        }
      } catch (IOException | IllegalStateException gone) {
        // exited while we looked
      }
    }
    return sum;
  }

  /** Resident set size of process {@code pid} now, in MB (VmRSS). */
  public static double rssMb(long pid) {
    for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p + " (has the process exited?)", e);
    }
  }
}
