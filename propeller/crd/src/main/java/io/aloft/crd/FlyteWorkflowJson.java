package io.aloft.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The resource as JSON, the way the Kubernetes API carries it. The model's annotations carry every mapping (Go
 * field names, jsonpb members, Go durations), so any Jackson mapper, fabric8's included, reads and writes it the same;
 * this one also sorts map keys, as Go does, so that output is stable.
 */
public final class FlyteWorkflowJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private FlyteWorkflowJson() {}

  /** The mapper used here (do not reconfigure it). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** {@code wf} as JSON text. */
  public static String write(FlyteWorkflow wf) {
    try {
      return MAPPER.writeValueAsString(wf);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write FlyteWorkflow " + wf.getMetadata().getName(), e);
    }
  }

  /** {@code wf} as a JSON tree. */
  public static JsonNode toTree(FlyteWorkflow wf) {
    return MAPPER.valueToTree(wf);
  }

  /** A resource from its JSON text. */
  public static FlyteWorkflow read(String json) {
    try {
      return MAPPER.readValue(json, FlyteWorkflow.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a FlyteWorkflow: " + e.getOriginalMessage(), e);
    }
  }

  /** A resource from a JSON tree. */
  public static FlyteWorkflow fromTree(JsonNode json) {
    try {
      return MAPPER.treeToValue(json, FlyteWorkflow.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a FlyteWorkflow: " + e.getOriginalMessage(), e);
    }
  }
}
