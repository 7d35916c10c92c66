package io.aloft.engine.node;

import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Condition.ComparisonExpression;
import flyteidl.core.Condition.ConjunctionExpression;
import flyteidl.core.Condition.Operand;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import io.aloft.crd.BranchNodeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a branch node (flytepropeller nodes/branch/evaluator.go and comparator.go): the if-block, then each
 * else-if in order, then the else-node; operands are literal primitives or the branch node's inputs by name (the
 * compiler names them {@code <nodeId>.<var>}, {@code .<var>} for workflow inputs). Comparisons are between
 * primitives of the same kind (booleans only by equality; datetimes and durations by whole seconds); a None operand
 * only compares equal or unequal.
 */
public final class BranchEvaluator {
  /** Flyte's ErrorCodeUserProvidedError: no condition held and the branch has an else-fail. */
  public static final String USER_PROVIDED_ERROR = "UserProvidedError";
  /** Flyte's ErrorCodeMalformedBranch. */
  public static final String MALFORMED_BRANCH = "MalformedBranchUserError";

  private BranchEvaluator() {}

  /** Why a branch could not be decided; {@link #code()} is Flyte's error code. */
  public static final class BranchException extends Exception {
    private final String code;

    public BranchException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The outcome: the chosen node and the nodes not taken. */
  public record Decision(String chosen, List<String> skipped) {}

  /** Decides {@code branch} on {@code inputs}; throws when nothing holds or an expression is malformed. */
  public static Decision decide(BranchNodeSpec branch, LiteralMap inputs) throws BranchException {
    String chosen = null;
    List<String> skipped = new ArrayList<>();
    if (branch.ifBlock != null) {
      chosen = evaluate(branch.ifBlock.condition, inputs) ? branch.ifBlock.thenNode : null;
      if (chosen == null) {
        skipped.add(branch.ifBlock.thenNode);
      }
    }
    if (branch.elseIf != null) {
      for (BranchNodeSpec.IfBlock b : branch.elseIf) {
        if (chosen != null) {
          skipped.add(b.thenNode);
        } else if (evaluate(b.condition, inputs)) {
          chosen = b.thenNode;
        } else {
          skipped.add(b.thenNode);
        }
      }
    }
    if (branch.elseNode != null) {
      if (chosen == null) {
        chosen = branch.elseNode;
      } else {
        skipped.add(branch.elseNode);
      }
    }
    if (chosen == null) {
      if (branch.elseFail != null) {
        throw new BranchException(USER_PROVIDED_ERROR, branch.elseFail.getMessage());
      }
      throw new BranchException(MALFORMED_BRANCH, "No branch satisfied");
    }
    return new Decision(chosen, skipped);
  }

  /** EvaluateBooleanExpression. */
  public static boolean evaluate(BooleanExpression expr, LiteralMap inputs) throws BranchException {
    if (expr == null) {
      throw new BranchException(MALFORMED_BRANCH, "No Comparison or Conjunction found in Branch node expression.");
    }
    if (expr.hasComparison()) {
      return compare(expr.getComparison(), inputs);
    }
    if (!expr.hasConjunction()) {
      throw new BranchException(MALFORMED_BRANCH, "No Comparison or Conjunction found in Branch node expression.");
    }
    ConjunctionExpression c = expr.getConjunction();
    boolean l = evaluate(c.getLeftExpression(), inputs);
    boolean r = evaluate(c.getRightExpression(), inputs);
    return c.getOperator() == ConjunctionExpression.LogicalOperator.OR ? l || r : l && r;
  }

  /** EvaluateComparison: null stands for None. */
  static boolean compare(ComparisonExpression expr, LiteralMap inputs) throws BranchException {
    Primitive l = operand(expr.getLeftValue(), inputs, "LHS");
    Primitive r = operand(expr.getRightValue(), inputs, "RHS");
    return compare(l, r, expr.getOperator());
  }

  private static Primitive operand(Operand op, LiteralMap inputs, String side) throws BranchException {
    switch (op.getValCase()) {
      case PRIMITIVE:
        return op.getPrimitive();
      case SCALAR:
        if (op.getScalar().hasPrimitive()) {
          return op.getScalar().getPrimitive();
        }
        if (op.getScalar().hasNoneType()) {
          return null;
        }
        throw new BranchException(MALFORMED_BRANCH, "Only primitives can be compared. " + side
            + " Variable is non primitive.");
      case VAR:
        Literal lit = inputs == null ? null : inputs.getLiteralsMap().get(op.getVar());
        if (lit == null) {
          throw new BranchException(MALFORMED_BRANCH, "Failed to find Value for Variable [" + op.getVar() + "]");
        }
        while (lit.hasScalar() && lit.getScalar().hasUnion()) {
          lit = lit.getScalar().getUnion().getValue();
        }
        if (lit.hasScalar() && lit.getScalar().hasPrimitive()) {
          return lit.getScalar().getPrimitive();
        }
        if (lit.hasScalar() && lit.getScalar().hasNoneType()) {
          return null;
        }
        throw new BranchException(MALFORMED_BRANCH, "Only primitives can be compared. " + side
            + " Variable is non primitive.");
      default:
        throw new BranchException(MALFORMED_BRANCH, "operand without a value");
    }
  }

  /** Evaluate: two primitives (or None) under {@code op}. */
  static boolean compare(Primitive l, Primitive r, ComparisonExpression.Operator op) throws BranchException {
    if (l == null || r == null) {
      return switch (op) {
        case EQ -> l == r;
        case NEQ -> l != r;
        default -> throw new BranchException(MALFORMED_BRANCH, "Comparison between nil and non-nil values with"
            + " operator [" + op + "] is not supported. lVal[" + l + "]:rVal[" + r + "]");
      };
    }
    if (l.getValueCase() != r.getValueCase()) {
      throw new BranchException(MALFORMED_BRANCH, "Comparison between different primitives types. lVal["
          + l.getValueCase() + "]:rVal[" + r.getValueCase() + "]");
    }
    boolean bool = l.getValueCase() == Primitive.ValueCase.BOOLEAN;
    int cmp = switch (l.getValueCase()) {
      case INTEGER -> Long.compare(l.getInteger(), r.getInteger());
      case FLOAT_VALUE -> Double.compare(l.getFloatValue(), r.getFloatValue());
      case STRING_VALUE -> l.getStringValue().compareTo(r.getStringValue());
      case BOOLEAN -> Boolean.compare(l.getBoolean(), r.getBoolean());
      case DATETIME -> Long.compare(l.getDatetime().getSeconds(), r.getDatetime().getSeconds());
      case DURATION -> Long.compare(l.getDuration().getSeconds(), r.getDuration().getSeconds());
      default -> throw new BranchException(MALFORMED_BRANCH, "Comparator not defined for type: ["
          + l.getValueCase() + "]");
    };
    if (bool && op != ComparisonExpression.Operator.EQ && op != ComparisonExpression.Operator.NEQ) {
      throw new BranchException(MALFORMED_BRANCH, "[" + op + "] not defined for boolean operands.");
    }
    return switch (op) {
      case GT -> cmp > 0;
      case GTE -> cmp >= 0;
      case LT -> cmp < 0;
      case LTE -> cmp <= 0;
      case EQ -> cmp == 0;
      case NEQ -> cmp != 0;
      default -> throw new BranchException(MALFORMED_BRANCH, "Unsupported operator type in Propeller. System error.");
    };
  }
}
