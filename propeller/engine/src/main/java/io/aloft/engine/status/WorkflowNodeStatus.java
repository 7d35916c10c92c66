package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import flyteidl.core.Execution.ExecutionError;

/**
 * {@code workflowNodeStatus} of a workflow node (v1alpha1 WorkflowNodeStatus): Undefined (0), Executing (1) or
 * Failing (2, with the error the node fails with once the sub-workflow's failure handling is done).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkflowNodeStatus extends Tracked {
  public static final int UNDEFINED = 0;
  public static final int EXECUTING = 1;
  public static final int FAILING = 2;

  public int phase;
  /** The error, as Go's encoding/json writes the core.ExecutionError struct (snake_case keys, kind a number). */
  @JsonProperty("executionError")
  public GoExecutionError executionError;

  public WorkflowNodeStatus() {}

  /** Undefined -> Executing. */
  public void executing() {
    phase = EXECUTING;
    markDirty();
  }

  /** Executing -> Failing with {@code err}. */
  public void failing(ExecutionError err) {
    phase = FAILING;
    executionError = GoExecutionError.of(err);
    markDirty();
  }

  /** {@code executionError}: a core.ExecutionError under the protoc-gen-go struct's json tags. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class GoExecutionError {
    public String code;
    public String message;
    @JsonProperty("error_uri")
    public String errorUri;
    /** ErrorKind number (0 UNKNOWN, 1 USER, 2 SYSTEM). */
    public int kind;

    public GoExecutionError() {}

    /** The status form of {@code e}. */
    public static GoExecutionError of(ExecutionError e) {
      GoExecutionError g = new GoExecutionError();
      g.code = e.getCode();
      g.message = e.getMessage();
      g.errorUri = e.getErrorUri();
      g.kind = e.getKindValue();
      return g;
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
      ExecutionError.ErrorKind k = ExecutionError.ErrorKind.forNumber(kind);
      return b.setKind(k == null ? ExecutionError.ErrorKind.UNKNOWN : k).build();
    }
  }
}
