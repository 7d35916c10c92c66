package io.aloft.admin.list;

import java.util.Optional;

/**
 * The filter functions FlyteAdmin accepts ({@code filterNameMappings} in flyteadmin/pkg/common/filters.go), with
 * the SQL operator each renders to. flytekit's own filter models (flytekit/models/filters.py) cover all but
 * {@code not_like}.
 */
public enum FilterOp {
  EQ("eq", "=", false),
  NE("ne", "<>", false),
  GT("gt", ">", false),
  GTE("gte", ">=", false),
  LT("lt", "<", false),
  LTE("lte", "<=", false),
  /** {@code col LIKE '%value%'}; the value's own {@code %} and {@code _} stay wildcards, as in FlyteAdmin. */
  CONTAINS("contains", "LIKE", false),
  /** {@code col NOT LIKE value}: the value is the whole pattern (no {@code %} added), as in FlyteAdmin. */
  NOT_LIKE("not_like", "NOT LIKE", false),
  VALUE_IN("value_in", "IN", true),
  VALUE_NOT_IN("value_not_in", "NOT IN", true);

  private final String function;
  private final String sqlOperator;
  private final boolean repeated;

  FilterOp(String function, String sqlOperator, boolean repeated) {
    this.function = function;
    this.sqlOperator = sqlOperator;
    this.repeated = repeated;
  }

  /** The function name as written in a filter string, e.g. {@code value_in}. */
  public String function() {
    return function;
  }

  /** The SQL operator it renders to. */
  public String sqlOperator() {
    return sqlOperator;
  }

  /** Whether it takes a {@code ;}-separated list of values (value_in, value_not_in) rather than exactly one. */
  public boolean repeated() {
    return repeated;
  }

  /** Whether it renders to SQL LIKE and so needs a text-like field. */
  public boolean isLike() {
    return this == CONTAINS || this == NOT_LIKE;
  }

  /** The op for a function name, matched exactly (case-sensitive, no surrounding spaces), as FlyteAdmin does. */
  public static Optional<FilterOp> fromFunction(String function) {
    for (FilterOp op : values()) {
      if (op.function.equals(function)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
