package io.aloft.propeller.manager;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes shard pods from the PodTemplate (flytepropeller {@code manager/manager.go createPods}, and the strategies'
 * {@code UpdatePodSpec}): name {@code <pod-application>-<i>}, the template's labels and annotations plus the
 * {@code app} and shard labels and the two annotations that say what the pod was made from; the propeller container
 * gets the shard's settings as environment variables (Flyte appends them as arguments).
 */
public final class ShardPods {
  /** Label every managed pod carries, with the pod-application as value (Flyte's). */
  public static final String APP_LABEL = "app";
  /** The shard's index. */
  public static final String SHARD_LABEL = "aloft.io/propeller-shard";
  /** The PodTemplate's resourceVersion the pod was made from (Flyte's annotation). */
  public static final String TEMPLATE_ANNOTATION = "podTemplateResourceVersion";
  /** {@link ShardLayout#hash()} of the layout the pod belongs to (Flyte's annotation name). */
  public static final String LAYOUT_ANNOTATION = "shardConfigHash";
  /** A shard pod is a propeller: set explicitly, so a template copied from the manager never makes managers. */
  static final String MODE_ENV = "ALOFT_PROPELLER_MODE";

  private final String application;
  private final String containerName;
  private final String namespace;
  private final List<OwnerReference> owners;

  /**
   * @param owners owner references every shard pod carries (the manager's own, see {@link ShardManager}), maybe
   *     none
   */
  public ShardPods(String application, String containerName, String namespace, List<OwnerReference> owners) {
    this.application = application;
    this.containerName = containerName;
    this.namespace = namespace;
    this.owners = List.copyOf(owners);
  }

  /** Shard i's pod name. */
  public String name(int i) {
    return application + "-" + i;
  }

  /** The desired pod names, index i being shard i. */
  public List<String> names(ShardLayout layout) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layout.shardCount(); i++) {
      names.add(name(i));
    }
    return names;
  }

  /** The label selector of the managed pods. */
  public Map<String, String> selector() {
    return Map.of(APP_LABEL, application);
  }

  /** Shard {@code i}'s pod of {@code layout}, made from {@code template}. */
  public Pod pod(PodTemplate template, ShardLayout layout, int i) {
    ObjectMeta base = template.getTemplate().getMetadata() == null ? new ObjectMeta()
        : template.getTemplate().getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(base.getLabels() == null ? Map.of() : base.getLabels());
    labels.put(APP_LABEL, application);
    labels.put(SHARD_LABEL, String.valueOf(i));
    Map<String, String> annotations = new LinkedHashMap<>(
        base.getAnnotations() == null ? Map.of() : base.getAnnotations());
    annotations.put(TEMPLATE_ANNOTATION, template.getMetadata().getResourceVersion());
    annotations.put(LAYOUT_ANNOTATION, layout.hash());
    PodSpec spec = new PodSpecBuilder(template.getTemplate().getSpec()).build();
    Container container = spec.getContainers().stream().filter(c -> containerName.equals(c.getName())).findFirst()
        .orElseThrow(() -> new IllegalStateException("PodTemplate " + template.getMetadata().getNamespace() + "/"
            + template.getMetadata().getName() + " has no container named " + containerName + " ("
            + ManagerConfig.PREFIX + "pod-template-container-name)"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put(MODE_ENV, "propeller");
    env.putAll(layout.env(i));
    setEnv(container, env);
    return new PodBuilder().withNewMetadata().withName(name(i)).withNamespace(namespace).withLabels(labels)
        .withAnnotations(annotations).withOwnerReferences(owners).endMetadata().withSpec(spec).build();
  }

  /** What the plan needs to know about a managed pod. */
  public static ShardPlan.Observed observe(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
        : pod.getMetadata().getAnnotations();
    return new ShardPlan.Observed(pod.getMetadata().getName(),
        pod.getStatus() == null ? null : pod.getStatus().getPhase(), annotations.get(LAYOUT_ANNOTATION),
        annotations.get(TEMPLATE_ANNOTATION), pod.getMetadata().getDeletionTimestamp() != null);
  }

  /** Sets each variable, replacing one of the same name the template already has. */
  private static void setEnv(Container container, Map<String, String> values) {
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.removeIf(e -> values.containsKey(e.getName()));
    values.forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    container.setEnv(env);
  }
}
