package io.aloft.compiler;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow did not compile; {@link #errors()} holds every problem found, not only the first. */
public final class CompilationException extends Exception {
  private final List<CompileError> errors;

  public CompilationException(List<CompileError> errors) {
    super(errors.size() + " compile error(s):\n" + errors.stream().map(CompileError::toString)
        .collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  /** Every problem, in the order found. */
  public List<CompileError> errors() {
    return errors;
  }
}
