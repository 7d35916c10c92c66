package io.aloft.propeller.operator;

import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this process is ({@code aloft.propeller.mode}, env {@code ALOFT_PROPELLER_MODE}): a propeller that evaluates
 * workflows (the default), or the shard manager that keeps one propeller pod per shard alive (flytepropeller's
 * separate {@code manager} binary, here a mode of the same app so that both share one image and one ConfigMap).
 */
@Singleton
public class RunMode {
  /** The key. */
  public static final String KEY = "aloft.propeller.mode";

  /** The two modes. */
  public enum Mode { PROPELLER, MANAGER }

  private final Mode mode;

  RunMode(@ConfigProperty(name = KEY, defaultValue = "propeller") String value) {
    this.mode = parse(value);
  }

  /** The mode {@code value} names; anything else is refused naming the key. */
  public static Mode parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "propeller" -> Mode.PROPELLER;
      case "manager" -> Mode.MANAGER;
      default -> throw new IllegalArgumentException(KEY + ": unknown mode [" + value + "]; use propeller or manager");
    };
  }

  public Mode mode() {
    return mode;
  }

  /** Whether this process evaluates workflows (the operator SDK, the workers, the plugins run). */
  public boolean evaluates() {
    return mode == Mode.PROPELLER;
  }

  /** Whether this process is the shard manager. */
  public boolean manages() {
    return mode == Mode.MANAGER;
  }
}
