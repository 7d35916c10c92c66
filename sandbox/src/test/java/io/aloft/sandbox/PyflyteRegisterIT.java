package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.crd.FlyteWorkflow;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client: flytekit's {@code pyflyte register} (PyPI, pinned) against the local stack, with fast
 * registration (CreateUploadLocation + a presigned PUT to S3), tasks, a workflow with a sub-workflow and a launch
 * plan with max_parallelism; then run again, as users do, which must succeed on ALREADY_EXISTS. Then
 * {@code pyflyte run --remote} of the workflow (with --max-parallelism) and of the launch plan: the executions exist
 * in admin and their FlyteWorkflow resources carry the labels, the inputs reference and the max parallelism.
 */
class PyflyteRegisterIT {

  @Test
  void pyflyteRegisterWorksUnchanged(@TempDir Path work) throws Exception {
    Path python = Pyflyte.python();
    // registration only, no pod runs; shared with AdminLauncherIT and FlytekitScheduleIT (RunningStack.shared)
    RunningStack running = RunningStack.shared("--no-pod-runner");
    LocalStack stack = running.stack();
    Path project = Pyflyte.sampleProject(work.resolve("project"), stack);
    var admin = running.admin();
    // the local stack seeds pyflyte's default project
    admin.getProject(flyteidl.admin.ProjectOuterClass.ProjectGetRequest.newBuilder().setId("flytesnacks").build());

    List<String> register = List.of(python.getParent().resolve("pyflyte").toString(), "--config", "config.yaml",
        "register", "--project", "flytesnacks", "--domain", "development", "--version", "v1", "proj");
    String first = Pyflyte.run(project, register);
    assertThat(first).contains("Successfully registered 11 entities");
    // A second run re-registers everything: admin answers ALREADY_EXISTS, which pyflyte accepts.
    assertThat(Pyflyte.run(project, register)).contains("Successfully registered 11 entities");

    Workflow wf = admin.getWorkflow(ObjectGetRequest.newBuilder().setId(id(ResourceType.WORKFLOW,
        "proj.wf.pipeline")).build());
    assertThat(wf.getClosure().getCompiledWorkflow().getSubWorkflowsList())
        .extracting(s -> s.getTemplate().getId().getName()).containsExactly("proj.wf.inner");
    LaunchPlan lp = admin.getLaunchPlan(ObjectGetRequest.newBuilder().setId(id(ResourceType.LAUNCH_PLAN,
        "pipeline_lp")).build());
    assertThat(lp.getSpec().getMaxParallelism()).isEqualTo(2);
    assertThat(lp.getClosure().getExpectedInputs().getParametersMap().get("x").getDefault().getScalar()
        .getPrimitive().getInteger()).isEqualTo(5);
    // Fast registration uploaded the code through a presigned URL, and the task points at it.
    var task = admin.getTask(ObjectGetRequest.newBuilder().setId(id(ResourceType.TASK, "proj.wf.greet")).build());
    assertThat(task.getClosure().getCompiledTask().getTemplate().getContainer().getArgsList())
        .anyMatch(a -> a.startsWith("s3://aloft/uploads/flytesnacks/development/") && a.endsWith(".tar.gz"));

    // pyflyte run --remote: a workflow with a request-level max parallelism, then the launch plan (its own 2).
    String pyflyte = python.getParent().resolve("pyflyte").toString();
    Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "run", "--remote", "--project", "flytesnacks",
        "--domain", "development", "--name", "run-wf", "--max-parallelism", "7", "proj/wf.py", "pipeline",
        "--x", "4"));
    Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "run", "--remote", "--project", "flytesnacks",
        "--domain", "development", "--name", "run-lp", "proj/wf.py", "lp", "--x", "9"));
    try (KubernetesClient kube = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build()) {
      assertLaunched(admin, kube, "run-wf", "proj.wf.pipeline", 7, 4);
      assertLaunched(admin, kube, "run-lp", "pipeline_lp", 2, 9);
    }
  }

  /** The execution exists, and its workflow resource carries the labels, the inputs reference and max parallelism. */
  private static void assertLaunched(AdminServiceGrpc.AdminServiceBlockingStub admin, KubernetesClient kube,
      String name, String launchPlan, int maxParallelism, long x) {
    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks")
        .setDomain("development").setName(name).build();
    Execution e = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build());
    assertThat(e.getSpec().getLaunchPlan().getName()).isEqualTo(launchPlan);
    assertThat(e.getSpec().getMaxParallelism()).isEqualTo(maxParallelism);
    var data = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build());
    assertThat(data.getFullInputs().getLiteralsMap().get("x").getScalar().getPrimitive().getInteger()).isEqualTo(x);
    assertThat(data.getFullInputs().getLiteralsMap().get("name").getScalar().getPrimitive().getStringValue())
        .isEqualTo("aloft");

    GenericKubernetesResource wf = kube.genericKubernetesResources(FlyteWorkflow.API_VERSION, FlyteWorkflow.KIND)
        .inNamespace("flytesnacks-development").withName(name).get();
    assertThat(wf).as("FlyteWorkflow " + name).isNotNull();
    assertThat(wf.getMetadata().getLabels()).containsEntry("execution-id", name)
        .containsEntry("project", "flytesnacks").containsEntry("domain", "development")
        .containsEntry("workflow-name", "proj-wf-pipeline").containsKey("shard-key");
    int shardKey = Integer.parseInt(wf.getMetadata().getLabels().get("shard-key"));
    assertThat(shardKey).isBetween(0, 31);
    Map<String, Object> props = wf.getAdditionalProperties();
    assertThat(props.get("offloadedInputs")).isEqualTo(data.getInputs().getUrl());
    assertThat(String.valueOf(props.get("offloadedInputs"))).endsWith("/" + name + "/inputs.pb");
    assertThat(String.valueOf(props.get("workflowClosureReference"))).startsWith("s3://aloft/metadata/admin/");
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) props.get("executionConfig");
    assertThat(((Number) config.get("MaxParallelism")).intValue()).isEqualTo(maxParallelism);
  }

  private static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject("flytesnacks").setDomain("development")
        .setName(name).setVersion("v1").build();
  }
}
