package io.aloft.testkit.kube;

import flyteidl.core.Literals.LiteralMap;
import io.fabric8.kubernetes.api.model.Pod;

/** A test's stand-in for the task code in a pod: inputs (and the pod, to look at) to a {@link TaskResult}. */
@FunctionalInterface
public interface TaskRuntime {
  TaskResult run(LiteralMap inputs, Pod pod) throws Exception;
}
