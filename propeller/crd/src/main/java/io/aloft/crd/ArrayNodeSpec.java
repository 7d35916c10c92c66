package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code array} of an array node (v1alpha1 {@code ArrayNodeSpec}, array.go). The Go struct has no JSON tags, so the
 * members are named like its fields ({@code SubNodeSpec}, not {@code subNodeSpec}), and Go writes {@code null} for
 * every unset one (read here like an absent member).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArrayNodeSpec extends UnknownMembers {
  /** The node run once per element of the mapped inputs. */
  @JsonProperty("SubNodeSpec")
  public NodeSpec subNodeSpec;
  /** Most sub-nodes running at once (uint32); absent means the workflow's max parallelism, 0 unlimited. */
  @JsonProperty("Parallelism")
  public Long parallelism;
  /** Sub-nodes that must succeed (uint32); exclusive with {@link #minSuccessRatio}. */
  @JsonProperty("MinSuccesses")
  public Long minSuccesses;
  /** Fraction of sub-nodes that must succeed (float32). */
  @JsonProperty("MinSuccessRatio")
  public Float minSuccessRatio;
  /** Inputs passed whole to every sub-node instead of being mapped over (Flyte master; not in v1.13). */
  @JsonProperty("BoundInputs")
  public List<String> boundInputs;
}
