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
 * Every pod created in a namespace while it watches: each pod name with the uids it had, and the last state seen of
 * it (a pod may be deleted once its task is over). A task pod launched twice (created, lost, created again under its
 * deterministic name) shows as one name with two uids.
 */
final class PodLaunches implements AutoCloseable {
  private final Map<String, Set<String>> uids = new LinkedHashMap<>();
  private final Map<String, Pod> last = new LinkedHashMap<>();
  private final Map<String, Set<String>> waitingReasons = new LinkedHashMap<>();
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
    String name = pod.getMetadata().getName();
    uids.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(pod.getMetadata().getUid());
    last.put(name, pod);
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      pod.getStatus().getContainerStatuses().stream()
          .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
          .forEach(c -> waitingReasons.computeIfAbsent(name, n -> new LinkedHashSet<>())
              .add(c.getState().getWaiting().getReason()));
    }
  }

  /** The last state seen of the pod whose name starts with {@code prefix}. */
  synchronized java.util.Optional<Pod> last(String prefix) {
    return last.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).findFirst();
  }

  /** Every reason the pod's containers were seen waiting for (e.g. ErrImagePull, ImagePullBackOff). */
  synchronized Set<String> waitingReasons(String prefix) {
    Set<String> all = new LinkedHashSet<>();
    waitingReasons.forEach((name, reasons) -> {
      if (name.startsWith(prefix)) {
        all.addAll(reasons);
      }
    });
    return all;
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
