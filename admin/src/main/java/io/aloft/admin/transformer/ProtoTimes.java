package io.aloft.admin.transformer;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Protobuf time values to and from java.time, for the event transformers ({@link Protos#timestamp} the other way). */
public final class ProtoTimes {
  private ProtoTimes() {}

  /** {@code t} as an Instant, nanoseconds kept. */
  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** {@code d} as a protobuf Duration. */
  public static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  /** Whether {@code t} is unset or the epoch (what FlyteAdmin treats as "no reported_at"). */
  public static boolean isZero(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0;
  }
}
