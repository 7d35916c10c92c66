package io.aloft.admin.list;

import java.util.List;
import java.util.Objects;

/**
 * One parsed filter: {@code op(entity.field, values)}. Values stay the strings the client sent (FlyteAdmin's
 * wire format); {@link Filters#toSql} converts them with the field's {@link ValueKind} when rendering.
 *
 * @param op the filter function
 * @param entity the entity the field belongs to (the request's default entity unless the key was prefixed)
 * @param field the key without entity prefix
 * @param values exactly one value, or one or more for {@link FilterOp#repeated()} ops
 * @param expression the source text, for error messages ({@code op(key,value)} for programmatic filters)
 */
public record Filter(FilterOp op, Entity entity, String field, List<String> values, String expression) {
  /** Validates arity: single-value ops take exactly one value, repeated ops at least one. */
  public Filter {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(field, "field");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a filter needs at least one value");
    }
    if (!op.repeated() && values.size() != 1) {
      throw new IllegalArgumentException(op.function() + " takes exactly one value");
    }
    if (expression == null) {
      expression = render(op, entity, field, values);
    }
  }

  /** A programmatic filter (e.g. the identifier filters a manager adds), rendered for messages as a client would. */
  public static Filter of(FilterOp op, Entity entity, String field, String... values) {
    return new Filter(op, entity, field, List.of(values), null);
  }

  /** Shorthand for {@code of(EQ, entity, field, value)}, FlyteAdmin's GetSingleValueEqualityFilter. */
  public static Filter eq(Entity entity, String field, String value) {
    return of(FilterOp.EQ, entity, field, value);
  }

  /** The single value of a single-value filter (the first of a repeated one). */
  public String value() {
    return values.get(0);
  }

  private static String render(FilterOp op, Entity entity, String field, List<String> values) {
    String prefix = entity.prefixes().isEmpty() ? "" : entity.prefixes().get(0) + ".";
    return op.function() + "(" + prefix + field + "," + String.join(";", values) + ")";
  }
}
