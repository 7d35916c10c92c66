package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object of the resource that keeps the members this model does not name, and writes them back, so that a
 * resource written by a newer Aloft or by Flyte survives a read-modify-write by this one.
 */
public abstract class UnknownMembers {
  private final Map<String, JsonNode> unknownMembers = new LinkedHashMap<>();

  /** Members read that this model does not name, in the order read. */
  @JsonAnyGetter
  public Map<String, JsonNode> unknownMembers() {
    return unknownMembers;
  }

  @JsonAnySetter
  void putUnknownMember(String name, JsonNode value) {
    unknownMembers.put(name, value);
  }
}
