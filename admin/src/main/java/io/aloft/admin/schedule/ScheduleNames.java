package io.aloft.admin.schedule;

import flyteidl.core.IdentifierOuterClass.Identifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The name of the execution a schedule fires at a time, as Flyte's scheduler derives it
 * (flyteadmin/scheduler/identifier/identifier.go and executor/executor_impl.go): FNV-1 64 of
 * {@code project:domain:name:version:unix-seconds}, little-endian into the first 8 bytes of a UUID whose other bytes
 * are zero, and {@code "f"} + the first 19 hex digits. The same launch plan version and time always give the same
 * name, so replicas racing on one time, or a fire repeated after a crash, meet as ALREADY_EXISTS.
 */
public final class ScheduleNames {
  private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV64_PRIME = 0x100000001b3L;

  private ScheduleNames() {}

  /** The execution name for launch plan {@code lp} fired at {@code scheduledTime}. */
  public static String executionName(Identifier lp, Instant scheduledTime) {
    String key = lp.getProject() + ":" + lp.getDomain() + ":" + lp.getName() + ":" + lp.getVersion() + ":"
        + scheduledTime.getEpochSecond();
    long hash = FNV64_OFFSET;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash *= FNV64_PRIME;
      hash ^= b & 0xff;
    }
    byte[] uuid = new byte[16];
    for (int i = 0; i < 8; i++) {
      uuid[i] = (byte) (hash >>> (8 * i));
    }
    return "f" + HexFormat.of().formatHex(uuid).substring(0, 19);
  }
}
