package io.aloft.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data locations read off flytekit command lines. */
class FlyteTaskArgsTest {
  @Test
  void pyflyteExecuteLinesGiveTheirLocations() {
    FlyteTaskArgs a = FlyteTaskArgs.parse(List.of("pyflyte-fast-execute", "--additional-distribution", "s3://x.tgz",
        "--", "pyflyte-execute", "--inputs", "s3://b/n0/data/inputs.pb", "--output-prefix", "s3://b/n0/data/0",
        "--raw-output-data-prefix", "s3://b/raw/ab/e-n0-0", "--checkpoint-path", "s3://b/raw/ab/e-n0-0/_flytecheckpoints",
        "--prev-checkpoint", "\"\"", "--resolver", "flytekit.core.python_auto_container.default_task_resolver", "--",
        "task-module", "wf", "task-name", "t1"));
    // pyflyte-fast-execute wraps the real line after its own "--"
    FlyteTaskArgs b = a;
    assertThat(b.inputs()).isEqualTo("s3://b/n0/data/inputs.pb");
    assertThat(b.outputPrefix()).isEqualTo("s3://b/n0/data/0");
    assertThat(b.outputsUri()).isEqualTo("s3://b/n0/data/0/outputs.pb");
    assertThat(b.errorUri()).isEqualTo("s3://b/n0/data/0/error.pb");
    assertThat(b.rawOutputDataPrefix()).isEqualTo("s3://b/raw/ab/e-n0-0");
    assertThat(b.checkpointPath()).endsWith("/_flytecheckpoints");
    assertThat(b.prevCheckpoint()).isEqualTo("\"\"");
    assertThat(b.resolver()).isEqualTo("flytekit.core.python_auto_container.default_task_resolver");
    assertThat(b.resolverArgs()).containsExactly("task-module", "wf", "task-name", "t1");
  }

  @Test
  void equalsFormsAndThePrimaryContainerOfAPod() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").addToAnnotations("primary_container_name", "main")
        .endMetadata().withNewSpec()
        .addNewContainer().withName("sidecar").withArgs("--inputs", "s3://wrong").endContainer()
        .addNewContainer().withName("main").withCommand("pyflyte-execute")
        .withArgs("--inputs=s3://b/in.pb", "--output-prefix=s3://b/out/").endContainer()
        .endSpec().build();
    FlyteTaskArgs a = FlyteTaskArgs.of(pod);
    assertThat(a.inputs()).isEqualTo("s3://b/in.pb");
    assertThat(a.outputsUri()).isEqualTo("s3://b/out/outputs.pb");
  }
}
