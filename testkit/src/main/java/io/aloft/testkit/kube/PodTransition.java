package io.aloft.testkit.kube;

import java.time.Instant;

/** A phase the {@link TestPodController} gave a pod, and when; the timeline tests assert on. */
public record PodTransition(Instant at, String namespace, String name, String phase, int exitCode) {}
