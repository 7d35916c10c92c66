package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Types.Error;
import java.util.List;

/**
 * {@code branch} of a branch node (v1alpha1 {@code BranchNodeSpec}, branch.go). The then- and else-nodes are ordinary
 * nodes of the same workflow, referenced by id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BranchNodeSpec extends UnknownMembers {
  /** The first condition. */
  @JsonProperty("if")
  public IfBlock ifBlock;
  /** Further conditions, tried in order. */
  @JsonProperty("elseIf")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<IfBlock> elseIf;
  /** Node taken when no condition holds. */
  @JsonProperty("else")
  public String elseNode;
  /**
   * Failure when no condition holds and there is no else-node (core.Error as jsonpb, as Flyte's master writes it;
   * flytepropeller v1.13 wrote Go's proto field names, {@code failed_node_id}, which are read too).
   */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public Error elseFail;

  /** One condition and the node it selects (v1alpha1 {@code IfBlock}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IfBlock extends UnknownMembers {
    /** The condition (core.BooleanExpression as jsonpb). */
    @JsonSerialize(using = ProtoJson.MessageSerializer.class)
    @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
    public BooleanExpression condition;
    /** Id of the node taken when the condition holds. */
    @JsonProperty("then")
    public String thenNode;

    public IfBlock() {}

    public IfBlock(BooleanExpression condition, String thenNode) {
      this.condition = condition;
      this.thenNode = thenNode;
    }
  }
}
