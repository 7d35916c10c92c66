package io.aloft.admin.validation;

import flyteidl.admin.Common.Labels;
import io.aloft.admin.AdminException;
import java.util.regex.Pattern;

/** Field checks shared by the managers (flyteadmin/pkg/manager/impl/validation). Each names the field. */
public final class Validation {
  /** Kubernetes DNS-1123 label: project and domain ids become namespace parts. */
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_PREFIX = Pattern.compile(
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Validation() {}

  /**
   * Throws INVALID_ARGUMENT "missing {field}" if {@code value} is empty, and the {@link #storable} error if it holds
   * a character the database cannot store.
   */
  public static void required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw AdminException.invalid("missing " + field);
    }
    storable(value, field);
  }

  /**
   * Throws INVALID_ARGUMENT if {@code value} holds a NUL character: PostgreSQL cannot store one in text (nor
   * compare with it), so no such id can exist and a query with one would fail as a server fault.
   */
  public static void storable(String value, String field) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw AdminException.invalid("invalid " + field + ": must not contain a NUL character");
    }
  }

  /** Throws INVALID_ARGUMENT if {@code value} is longer than {@code max} characters. */
  public static void maxLength(String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw AdminException.invalid(field + " must be at most " + max + " characters long (got " + value.length()
          + ")");
    }
  }

  /** Throws INVALID_ARGUMENT unless {@code value} is a Kubernetes DNS-1123 label (at most 63 characters). */
  public static void dns1123Label(String value, String field) {
    if (value.length() > 63 || !DNS_1123_LABEL.matcher(value).matches()) {
      throw AdminException.invalid("invalid " + field + " [" + value + "]: must be a lower-case DNS-1123 label"
          + " (a-z, 0-9 and '-', starting and ending with an alphanumeric, at most 63 characters)");
    }
  }

  /** Throws INVALID_ARGUMENT unless every key and value is a valid Kubernetes label. */
  public static void labels(Labels labels, String field) {
    labels.getValuesMap().forEach((k, v) -> {
      String name = k;
      int slash = k.indexOf('/');
      if (slash >= 0) {
        String prefix = k.substring(0, slash);
        name = k.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 253 || !LABEL_PREFIX.matcher(prefix).matches()) {
          throw AdminException.invalid("invalid " + field + " key [" + k + "]: bad prefix");
        }
      }
      if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
        throw AdminException.invalid("invalid " + field + " key [" + k + "]");
      }
      if (!v.isEmpty() && (v.length() > 63 || !LABEL_NAME.matcher(v).matches())) {
        throw AdminException.invalid("invalid " + field + " value [" + v + "] for key [" + k + "]");
      }
    });
  }
}
