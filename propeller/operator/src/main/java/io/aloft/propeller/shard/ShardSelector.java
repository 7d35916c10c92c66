package io.aloft.propeller.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The label selector a propeller shard watches workflows with (flytepropeller controller.go
 * getShardedLabelSelectorRequirements): never terminated workflows, and only the shard keys, projects and domains
 * its settings include (or not those they exclude). Include and exclude of one label are mutually exclusive.
 */
public final class ShardSelector {
  /** Prefix of the shard settings. */
  public static final String PREFIX = "aloft.propeller.";

  private ShardSelector() {}

  /** One requirement: {@code key in (values)} or {@code key notin (values)}. */
  public record Requirement(String key, boolean in, List<String> values) {
    @Override
    public String toString() {
      return key + (in ? " in (" : " notin (") + String.join(",", values) + ")";
    }
  }

  /**
   * The informer's requirements for the given settings (empty lists mean "no restriction on that label"): never a
   * terminated workflow, and the shard's own.
   */
  public static List<Requirement> requirements(List<Integer> includeShardKeys, List<Integer> excludeShardKeys,
      List<String> includeProjects, List<String> excludeProjects, List<String> includeDomains,
      List<String> excludeDomains) {
    List<Requirement> out = new ArrayList<>();
    out.add(new Requirement("termination-status", false, List.of("terminated")));
    out.addAll(shardRequirements(includeShardKeys, excludeShardKeys, includeProjects, excludeProjects,
        includeDomains, excludeDomains));
    return out;
  }

  /**
   * The shard's own requirements alone (flytepropeller's {@code getShardedLabelSelectorRequirements}), which the
   * garbage collector adds to its selector so that a shard deletes only its own workflows.
   */
  public static List<Requirement> shardRequirements(List<Integer> includeShardKeys, List<Integer> excludeShardKeys,
      List<String> includeProjects, List<String> excludeProjects, List<String> includeDomains,
      List<String> excludeDomains) {
    List<Requirement> out = new ArrayList<>();
    add(out, "shard-key", includeShardKeys.stream().map(String::valueOf).toList(),
        excludeShardKeys.stream().map(String::valueOf).toList());
    add(out, "project", includeProjects, excludeProjects);
    add(out, "domain", includeDomains, excludeDomains);
    return out;
  }

  /** The requirements as a Kubernetes label selector string. */
  public static String toSelector(List<Requirement> requirements) {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  private static void add(List<Requirement> out, String key, List<String> include, List<String> exclude) {
    if (!include.isEmpty() && !exclude.isEmpty()) {
      throw new IllegalArgumentException("include-" + key + "-label and exclude-" + key
          + "-label cannot both be set");
    }
    if (!include.isEmpty()) {
      out.add(new Requirement(key, true, List.copyOf(include)));
    } else if (!exclude.isEmpty()) {
      out.add(new Requirement(key, false, List.copyOf(exclude)));
    }
  }
}
