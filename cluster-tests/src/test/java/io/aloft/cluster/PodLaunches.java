package io.aloft.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every pod created in a namespace while it watches: each pod name with the uids it had. A task pod launched twice
 * (created, lost, created again under its deterministic name) shows as one name with two uids.
 */
final class PodLaunches implements AutoCloseable {
  private final Map<String, Set<String>> uids = new LinkedHashMap<>();
  private final Watch watch;

  PodLaunches(KubernetesClient client, String namespace) {
    this.watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        record(pod);
      }

      @Override
      public void onClose(WatcherException cause) {
        // the test fails on missing launches if the watch ends early; nothing to do here
      }
    });
  }

  private synchronized void record(Pod pod) {
    uids.computeIfAbsent(pod.getMetadata().getName(), n -> new LinkedHashSet<>()).add(pod.getMetadata().getUid());
  }

  /** Pod name to the uids it had, for pods whose name starts with {@code prefix}. */
  synchronized Map<String, Set<String>> launches(String prefix) {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    uids.forEach((name, ids) -> {
      if (name.startsWith(prefix)) {
        m.put(name, Set.copyOf(ids));
      }
    });
    return m;
  }

  @Override
  public void close() {
    watch.close();
  }
}
