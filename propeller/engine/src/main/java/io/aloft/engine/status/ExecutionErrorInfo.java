package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import flyteidl.core.Execution.ExecutionError;

/**
 * A core.ExecutionError as the status holds it ({@code error}): Flyte's ExecutionError wrapper marshals the proto with
 * jsonpb, so the keys are {@code code}, {@code message}, {@code errorUri}, {@code kind} (enum name).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ExecutionErrorInfo {
  public String code;
  public String message;
  public String errorUri;
  /** USER, SYSTEM or UNKNOWN (jsonpb leaves out UNKNOWN, the default). */
  public String kind;

  public ExecutionErrorInfo() {}

  /** The status form of {@code e}. */
  public static ExecutionErrorInfo of(ExecutionError e) {
    ExecutionErrorInfo i = new ExecutionErrorInfo();
    i.code = e.getCode();
    i.message = e.getMessage();
    i.errorUri = e.getErrorUri();
    i.kind = e.getKind() == ExecutionError.ErrorKind.UNKNOWN ? null : e.getKind().name();
    return i;
  }

  /** Back to the proto. */
  public ExecutionError toProto() {
    ExecutionError.Builder b = ExecutionError.newBuilder();
    if (code != null) {
      b.setCode(code);
    }
    if (message != null) {
      b.setMessage(message);
    }
    if (errorUri != null) {
      b.setErrorUri(errorUri);
    }
    if (kind != null) {
      b.setKind(ExecutionError.ErrorKind.valueOf(kind));
    }
    return b.build();
  }
}
