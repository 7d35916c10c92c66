package io.aloft.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the {@link TestPodController} does with the pods a rule matches: a script of phase changes, each after a
 * delay measured from the previous one. A pod matched by no rule follows {@link #defaultRule()}.
 *
 * <pre>{@code
 * PodRule.matching(PodRule.labelled("node-id", "n1")).runFor(Duration.ofSeconds(1)).fail(3, "boom")
 * }</pre>
 */
public final class PodRule {
  /** The rule for pods no other rule matches: Running at once, Succeeded (exit 0) 100 ms later. */
  public static PodRule defaultRule() {
    return matching(p -> true).runFor(Duration.ofMillis(100)).succeed();
  }

  /**
   * One scripted phase change; with a {@code runtime}, the final one is decided by running it (see
   * {@link #runTask}).
   */
  public record Step(String phase, Duration after, int exitCode, String message, TaskStorage storage,
      TaskRuntime runtime) {
    public Step(String phase, Duration after, int exitCode, String message) {
      this(phase, after, exitCode, message, null, null);
    }
  }

  private final Predicate<Pod> matcher;
  private final List<Step> steps = new ArrayList<>();
  private Duration carry = Duration.ZERO;

  private PodRule(Predicate<Pod> matcher) {
    this.matcher = matcher;
  }

  /** A rule for pods that satisfy {@code matcher}. */
  public static PodRule matching(Predicate<Pod> matcher) {
    return new PodRule(matcher);
  }

  /** Matches pods carrying label {@code key=value}. */
  public static Predicate<Pod> labelled(String key, String value) {
    return p -> {
      Map<String, String> labels = p.getMetadata().getLabels();
      return labels != null && value.equals(labels.get(key));
    };
  }

  /** Matches pods whose name starts with {@code prefix}. */
  public static Predicate<Pod> namePrefix(String prefix) {
    return p -> p.getMetadata().getName().startsWith(prefix);
  }

  /** Stay Pending for {@code d} before the next step. */
  public PodRule pendingFor(Duration d) {
    carry = carry.plus(d);
    return this;
  }

  /** Become Running (after any wait before it) and stay Running for {@code d}. */
  public PodRule runFor(Duration d) {
    step("Running", 0, null);
    carry = d;
    return this;
  }

  /** Terminate with exit code 0. */
  public PodRule succeed() {
    return step("Succeeded", 0, null);
  }

  /** Terminate with {@code exitCode} and {@code message}. */
  public PodRule fail(int exitCode, String message) {
    return step("Failed", exitCode, message);
  }

  /**
   * Act as the task's code, then terminate: read the inputs LiteralMap from the primary container's {@code --inputs}
   * URI, run {@code runtime} on it, write {@code outputs.pb} (or {@code error.pb}) under its {@code --output-prefix}
   * URI through {@code storage}, and only then set the pod Succeeded (or Failed, exit code 1). A runtime that throws,
   * or a pod without {@code --inputs}/{@code --output-prefix}, fails the pod (exit code 1) with nothing written.
   *
   * <pre>{@code
   * PodRule.matching(PodRule.labelled("node-id", "n0")).runFor(Duration.ofMillis(100))
   *     .runTask(storage, (inputs, pod) -> TaskResult.outputs(LiteralMap.newBuilder()...build()))
   * }</pre>
   */
  public PodRule runTask(TaskStorage storage, TaskRuntime runtime) {
    steps.add(new Step("Succeeded", carry, 0, null, storage, runtime));
    carry = Duration.ZERO;
    return this;
  }

  /** Become Running and stay so until deleted. */
  public PodRule runForever() {
    return step("Running", 0, null);
  }

  private PodRule step(String phase, int exitCode, String message) {
    steps.add(new Step(phase, carry, exitCode, message));
    carry = Duration.ZERO;
    return this;
  }

  boolean matches(Pod pod) {
    return matcher.test(pod);
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }
}
