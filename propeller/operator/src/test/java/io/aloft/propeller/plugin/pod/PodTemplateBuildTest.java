package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import flyteidl.core.Tasks;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.data.InMemoryBlobStore;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pod the plugin makes of a task template (container.go, sidecar.go, container_helper.go) without a cluster. */
class PodTemplateBuildTest {
  static TaskContexts.Attempt attempt(TaskTemplate task, boolean interruptible) {
    FlyteWorkflow wf = TaskContexts.workflow("flytesnacks-development", "exec1");
    wf.getMetadata().setUid("0b6f4f0e-0000-4000-8000-000000000001");
    return new TaskContexts.Attempt(wf, task, "n0", 1, new InMemoryBlobStore(), interruptible);
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
  }

  @Test
  void aPythonTaskBecomesOneContainerPodAsFlyteBuildsIt() throws Exception {
    TaskContexts.Attempt a = attempt(TaskContexts.pythonTask("say_hello"), false);
    Pod pod = PodSpecs.build(a.ctx(), PodPluginConfig.defaults());

    assertThat(pod.getMetadata().getName()).isEqualTo(a.resourceName());
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("flytesnacks-development");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getApiVersion()).isEqualTo(FlyteWorkflow.API_VERSION);
      assertThat(o.getKind()).isEqualTo(FlyteWorkflow.KIND);
      assertThat(o.getName()).isEqualTo("exec1");
      assertThat(o.getUid()).isEqualTo("0b6f4f0e-0000-4000-8000-000000000001");
      assertThat(o.getBlockOwnerDeletion()).isTrue();
      assertThat(o.getController()).isTrue();
    });
    assertThat(pod.getMetadata().getLabels()).containsEntry("execution-id", "exec1")
        .containsEntry("workflow-name", "wf").containsEntry("team", "data").containsEntry("node-id", "n0")
        .containsEntry("task-name", "say-hello").containsEntry("interruptible", "false")
        .containsEntry(PodSpecs.PLUGIN_LABEL, PodSpecs.PLUGIN_LABEL_VALUE);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("owner", "tests")
        .containsEntry("cluster-autoscaler.kubernetes.io/safe-to-evict", "false")
        .containsEntry("primary_container_name", a.resourceName());
    assertThat(pod.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("task-runner");

    Container c = pod.getSpec().getContainers().get(0);
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(c.getName()).isEqualTo(a.resourceName());
    assertThat(c.getImage()).isEqualTo("ghcr.io/flyteorg/flytekit:py3.11-1.16.5");
    String out = a.dataDir() + "/1";
    assertThat(c.getArgs()).containsSubsequence("--inputs", a.inputsPath(), "--output-prefix", out)
        .contains("--prev-checkpoint", "\"\"").endsWith("task-module", "wf", "task-name", "say_hello");
    assertThat(c.getArgs().get(c.getArgs().indexOf("--raw-output-data-prefix") + 1))
        .startsWith(TaskContexts.RAW + "/").endsWith("/" + a.resourceName());
    assertThat(c.getArgs().get(c.getArgs().indexOf("--checkpoint-path") + 1)).endsWith("/_flytecheckpoints");

    assertThat(env(c)).containsEntry("FOO", "bar")
        .containsEntry("FLYTE_INTERNAL_EXECUTION_WORKFLOW", "flytesnacks:development:wf")
        .containsEntry("FLYTE_INTERNAL_EXECUTION_ID", "exec1")
        .containsEntry("FLYTE_INTERNAL_EXECUTION_PROJECT", "flytesnacks")
        .containsEntry("FLYTE_INTERNAL_EXECUTION_DOMAIN", "development")
        .containsEntry("FLYTE_ATTEMPT_NUMBER", "1")
        .containsEntry("FLYTE_INTERNAL_TASK_PROJECT", "flytesnacks")
        .containsEntry("FLYTE_INTERNAL_TASK_DOMAIN", "development")
        .containsEntry("FLYTE_INTERNAL_TASK_NAME", "say_hello")
        .containsEntry("FLYTE_INTERNAL_TASK_VERSION", "v1")
        .containsEntry("EXEC_ENV", "from-execution");
    assertThat(c.getEnv().get(0).getName()).as("the task's own env comes first").isEqualTo("FOO");

    // cpu request 100m has no limit: the limit takes the request; memory 64Mi/128Mi stays.
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("64Mi"));
    assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(pod.getSpec().getTolerations()).isNullOrEmpty();
  }

  @Test
  void defaultsFillMissingResourcesAndRequestsAboveLimitsComeDown() {
    TaskTemplate none = TaskContexts.pythonTask("t").toBuilder()
        .setContainer(TaskContexts.pythonTask("t").getContainer().toBuilder().clearResources()).build();
    ResourceRequirements r = PodSpecs.mergeResources(PodSpecs.resources(none.getContainer().getResources()), null,
        true, PodPluginConfig.defaults());
    assertThat(r.getRequests()).containsEntry("cpu", new Quantity("1000m")).containsEntry("memory",
        new Quantity("1024Mi"));
    assertThat(r.getLimits()).isEqualTo(r.getRequests());

    ResourceRequirements base = new ResourceRequirements();
    base.setRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")));
    base.setLimits(Map.of("cpu", new Quantity("1")));
    ResourceRequirements override = new ResourceRequirements();
    override.setLimits(Map.of("memory", new Quantity("512Mi")));
    ResourceRequirements merged = PodSpecs.mergeResources(base, override, true, PodPluginConfig.defaults());
    assertThat(merged.getRequests()).containsEntry("cpu", new Quantity("1")).containsEntry("memory",
        new Quantity("512Mi"));
    assertThat(merged.getLimits()).containsEntry("cpu", new Quantity("1")).containsEntry("memory",
        new Quantity("512Mi"));

    ResourceRequirements gpuOnlyLimit = PodSpecs.resources(Tasks.Resources.newBuilder()
        .addLimits(Tasks.Resources.ResourceEntry.newBuilder().setName(Tasks.Resources.ResourceName.GPU).setValue("1"))
        .build());
    assertThat(PodSpecs.mergeResources(gpuOnlyLimit, null, false, PodPluginConfig.defaults()).getRequests())
        .containsOnlyKeys("nvidia.com/gpu");
  }

  @Test
  void interruptibleAttemptsGetTheConfiguredTolerationsSelectorAndAffinity() throws Exception {
    Toleration spot = new Toleration("NoSchedule", "lifecycle", "Equal", null, "spot");
    NodeSelectorRequirement req = new NodeSelectorRequirement("lifecycle", "In", List.of("spot"));
    PodPluginConfig config = PodPluginConfig.defaults()
        .withInterruptible(List.of(spot), Map.of("node-pool", "spot"), req);
    Pod pod = PodSpecs.build(attempt(TaskContexts.pythonTask("t"), true).ctx(), config);
    assertThat(pod.getMetadata().getLabels()).containsEntry("interruptible", "true");
    assertThat(pod.getSpec().getTolerations()).containsExactly(spot);
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("node-pool", "spot");
    assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms()).singleElement().satisfies(t -> assertThat(t.getMatchExpressions()).contains(req));

    Pod regular = PodSpecs.build(attempt(TaskContexts.pythonTask("t"), false).ctx(), config);
    assertThat(regular.getSpec().getTolerations()).isNullOrEmpty();
    assertThat(regular.getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(regular.getSpec().getAffinity()).isNull();
  }

  @Test
  void aPodTemplateTaskKeepsItsSidecarsAndTemplatesEveryContainer() throws Exception {
    Struct.Builder spec = Struct.newBuilder();
    JsonFormat.parser().merge("""
        {"containers": [
          {"name": "main", "image": "img:1", "args": ["--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}"]},
          {"name": "sidecar", "image": "envoy:1", "args": ["--out={{.outputPrefix}}"]}],
         "tolerations": [{"key": "gpu", "operator": "Exists"}]}
        """, spec);
    TaskTemplate task = TaskContexts.pythonTask("pt").toBuilder().clearContainer().setType("sidecar")
        .setK8SPod(Tasks.K8sPod.newBuilder().setPodSpec(spec)
            .setMetadata(Tasks.K8sObjectMetadata.newBuilder().putLabels("tmpl", "yes").putAnnotations("a", "b")))
        .putConfig("primary_container_name", "main").build();
    TaskContexts.Attempt a = attempt(task, false);
    Pod pod = PodSpecs.build(a.ctx(), PodPluginConfig.defaults());
    assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("main", "sidecar");
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsExactly("--inputs", a.inputsPath(),
        "--output-prefix", a.dataDir() + "/1");
    assertThat(pod.getSpec().getContainers().get(1).getArgs()).containsExactly("--out=" + a.dataDir() + "/1");
    assertThat(env(pod.getSpec().getContainers().get(1))).containsEntry("FLYTE_INTERNAL_EXECUTION_ID", "exec1");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(pod.getSpec().getContainers().get(1).getResources().getRequests()).isEmpty();
    assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey).containsExactly("gpu");
    assertThat(pod.getMetadata().getLabels()).containsEntry("tmpl", "yes");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("a", "b").containsEntry("primary_container_name",
        "main");

    TaskTemplate noPrimary = task.toBuilder().clearConfig().build();
    assertThatThrownBy(() -> PodSpecs.build(attempt(noPrimary, false).ctx(), PodPluginConfig.defaults()))
        .isInstanceOf(PodSpecs.BadTaskSpecification.class).hasMessageContaining("primary_container_name");
  }

  @Test
  void theSecurityContextServiceAccountWinsAndTheFinalizerIsInjectedWhenConfigured() throws Exception {
    TaskContexts.Attempt a = attempt(TaskContexts.pythonTask("t"), false);
    a.wf.securityContext = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree("{\"runAs\": {\"k8sServiceAccount\": \"sa-from-context\"}}");
    Pod pod = PodSpecs.build(a.ctx(), PodPluginConfig.defaults().withInjectFinalizer(true));
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("sa-from-context");
    assertThat(pod.getMetadata().getFinalizers()).containsExactly(PodPlugin.FINALIZER);
  }
}
