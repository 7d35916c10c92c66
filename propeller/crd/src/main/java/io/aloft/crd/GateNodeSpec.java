package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.Workflow.ApproveCondition;
import flyteidl.core.Workflow.SignalCondition;
import flyteidl.core.Workflow.SleepCondition;

/** {@code gate} of a gate node (v1alpha1 {@code GateNodeSpec}, gate.go): the member {@link #kind} names is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateNodeSpec extends UnknownMembers {
  public Kind kind;
  /** Wait for a boolean signal (core.ApproveCondition as jsonpb). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public ApproveCondition approve;
  /** Wait for a typed signal (core.SignalCondition as jsonpb). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public SignalCondition signal;
  /** Wait for a duration (core.SleepCondition as jsonpb). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public SleepCondition sleep;

  /** v1alpha1 {@code ConditionKind}. */
  public enum Kind {
    APPROVE("approve"),
    SIGNAL("signal"),
    SLEEP("sleep");

    private final String json;

    Kind(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static Kind fromJson(String json) {
      for (Kind k : values()) {
        if (k.json.equals(json)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown gate condition kind '" + json + "'");
    }
  }
}
