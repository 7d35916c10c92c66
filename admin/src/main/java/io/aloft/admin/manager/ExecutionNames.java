package io.aloft.admin.manager;

import io.aloft.admin.AdminException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Execution names: validation (flyteadmin execution_validator.go) and generation (common/executions.go). */
public final class ExecutionNames {
  /** The longest name: a Kubernetes label value, since the name becomes the execution-id label. */
  public static final int MAX_LENGTH = 63;
  private static final Pattern VALID = Pattern.compile("[a-z][a-z\\-0-9]*");
  /** Kubernetes' rand.String alphabet (no vowels, no confusable characters), which FlyteAdmin draws from. */
  private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ExecutionNames() {}

  /** Throws INVALID_ARGUMENT unless {@code name} can name an execution. */
  public static void validate(String name, String field) {
    if (name.length() > MAX_LENGTH) {
      throw AdminException.invalid("size of " + field + " exceeded length " + MAX_LENGTH + ": " + name);
    }
    if (!VALID.matcher(name).matches()) {
      throw AdminException.invalid("invalid " + field + " format: " + name
          + " (lower-case letters, digits and '-', starting with a letter)");
    }
  }

  /** A fresh name: 'a' and 19 random characters (20 in all, as FlyteAdmin's). */
  public static String generate() {
    StringBuilder sb = new StringBuilder(20).append('a');
    for (int i = 0; i < 19; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
