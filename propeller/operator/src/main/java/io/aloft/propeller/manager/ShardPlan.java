package io.aloft.propeller.manager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One scan's decisions, from what the API server shows (flytepropeller {@code manager/manager.go createPods}, with a
 * hand-over Flyte lacks): which pods to delete and why, and which shards to create.
 *
 * <p>A pod is deleted when it ended (Failed or Succeeded), was made from an older PodTemplate, belongs to another
 * shard layout, or is not one of the desired names. A shard is created when no pod of its name exists, but never
 * while a pod of another layout exists, deleted or not: the old layout's shards select other workflows, and a new
 * shard started beside them could evaluate a workflow an old shard still evaluates (propeller drains for up to its
 * shutdown timeout after SIGTERM). So a layout change first deletes every old pod, waits until all are gone, then
 * creates the new ones. A pod still terminating under a desired name waits in the same way (creating it would be
 * refused with AlreadyExists).
 *
 * @param deletions pods to delete now, with the reason
 * @param creations shard indices to create now
 * @param oldLayout pods of another layout that still exist (terminating or deleted by this plan): while any does,
 *     nothing is created
 * @param terminating desired names still held by a terminating pod
 * @param running desired pods of this layout that are Running and stay
 */
public record ShardPlan(List<Deletion> deletions, List<Integer> creations, List<String> oldLayout,
    List<String> terminating, int running) {

  /** Why a pod is deleted; {@link #tag()} is the metric's {@code reason}. */
  public enum Reason {
    FAILED("failed"), STALE_LAYOUT("stale-layout"), STALE_TEMPLATE("stale-template"), SURPLUS("surplus");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** A pod to delete. */
  public record Deletion(String name, Reason reason) {}

  /**
   * What a managed pod shows: its name, phase, the layout hash and template version it was made with (null if it
   * carries none), and whether it is terminating (has a deletion timestamp).
   */
  public record Observed(String name, String phase, String layout, String template, boolean terminating) {}

  /** Whether the new layout's shards wait for old pods to go. */
  public boolean handOverWaiting() {
    return !oldLayout.isEmpty();
  }

  /**
   * The plan for {@code desired} pod names (index i is shard i) of layout {@code layout} from template version
   * {@code template}, given the managed pods {@code pods}.
   */
  public static ShardPlan of(List<String> desired, String layout, String template, List<Observed> pods) {
    List<Deletion> deletions = new ArrayList<>();
    List<String> oldLayout = new ArrayList<>();
    List<String> terminating = new ArrayList<>();
    Set<String> present = new HashSet<>();
    int running = 0;
    for (Observed pod : pods) {
      present.add(pod.name());
      boolean foreign = !Objects.equals(layout, pod.layout());
      if (foreign) {
        oldLayout.add(pod.name());
      }
      if (pod.terminating()) {
        if (!foreign && desired.contains(pod.name())) {
          terminating.add(pod.name());
        }
        continue;
      }
      Reason reason = reason(desired, layout, template, pod);
      if (reason != null) {
        deletions.add(new Deletion(pod.name(), reason));
      } else if ("Running".equals(pod.phase())) {
        running++;
      }
    }
    List<Integer> creations = new ArrayList<>();
    if (oldLayout.isEmpty()) {
      for (int i = 0; i < desired.size(); i++) {
        if (!present.contains(desired.get(i))) {
          creations.add(i);
        }
      }
    }
    return new ShardPlan(List.copyOf(deletions), List.copyOf(creations), List.copyOf(oldLayout),
        List.copyOf(terminating), running);
  }

  private static Reason reason(List<String> desired, String layout, String template, Observed pod) {
    if ("Failed".equals(pod.phase()) || "Succeeded".equals(pod.phase())) {
      return Reason.FAILED;
    }
    if (!Objects.equals(layout, pod.layout())) {
      return Reason.STALE_LAYOUT;
    }
    if (!Objects.equals(template, pod.template())) {
      return Reason.STALE_TEMPLATE;
    }
    if (!desired.contains(pod.name())) {
      return Reason.SURPLUS;
    }
    return null;
  }
}
