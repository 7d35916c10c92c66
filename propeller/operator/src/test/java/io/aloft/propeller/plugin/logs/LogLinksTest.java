package io.aloft.propeller.plugin.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Execution.TaskLog;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log link templates: variables, pending pods, the built-in links and the config keys. */
class LogLinksTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:00:30.5Z");
  static final TaskExecutionIdentifier ID = TaskExecutionIdentifier.newBuilder()
      .setTaskId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject("p").setDomain("development")
          .setName("wf.say_hello").setVersion("v1"))
      .setNodeExecutionId(NodeExecutionIdentifier.newBuilder().setNodeId("n0")
          .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject("p").setDomain("development")
              .setName("ex1")))
      .setRetryAttempt(2).build();

  static Pod pod(String phase) {
    return new PodBuilder().withNewMetadata().withName("ex1-n0-2").withNamespace("p-development").withUid("uid-1")
        .endMetadata().withNewSpec().withNodeName("node-a").withHostname("h").endSpec()
        .withNewStatus().withPhase(phase).withStartTime("2026-11-24T10:00:00Z")
        .addNewContainerStatus().withName("ex1-n0-2").withContainerID("containerd://abc")
        .withNewState().withNewTerminated().withFinishedAt("2026-11-24T10:00:20Z").withExitCode(0).endTerminated()
        .endState().endContainerStatus().endStatus().build();
  }

  static LogLinks links(LogLinks.Template... t) {
    return new LogLinks(List.of(t));
  }

  @Test
  void everyVariableIsReplacedAndUnknownOnesStayAsWritten() {
    String all = "{{ .podName }}|{{.podUID}}|{{ .namespace }}|{{ .containerName }}|{{ .containerId }}|{{ .logName }}"
        + "|{{ .hostname }}|{{ .nodeName }}|{{ .podRFC3339StartTime }}|{{ .podRFC3339FinishTime }}"
        + "|{{ .podUnixStartTime }}|{{ .podUnixFinishTime }}|{{ .taskRetryAttempt }}|{{ .taskID }}|{{ .taskVersion }}"
        + "|{{ .taskProject }}|{{ .taskDomain }}|{{ .executionName }}|{{ .executionProject }}"
        + "|{{ .executionDomain }}|{{ .nodeID }}|{{ .generatedName }}|{{ $PODNAME }}|{{ .noSuchVar }}";
    List<TaskLog> logs = links(new LogLinks.Template("All", List.of(all), TaskLog.MessageFormat.JSON, false, true))
        .of(pod("Succeeded"), "ex1-n0-2", " (User)", ID, "ex1-n0-2", NOW);

    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).getName()).isEqualTo("All (User)");
    assertThat(logs.get(0).getMessageFormat()).isEqualTo(TaskLog.MessageFormat.JSON);
    assertThat(logs.get(0).getHideOnceFinished()).isTrue();
    assertThat(logs.get(0).getUri().split("\\|")).containsExactly("ex1-n0-2", "uid-1", "p-development", "ex1-n0-2",
        "containerd://abc", " (User)", "h", "node-a", "2026-11-24T10:00:00Z", "2026-11-24T10:00:20Z", "1795514400",
        "1795514420", "2", "wf.say_hello", "v1", "p", "development", "ex1", "p", "development", "n0", "ex1-n0-2",
        "ex1-n0-2", "{{ .noSuchVar }}");
  }

  @Test
  void aRunningPodFinishesNowAndAPendingPodShowsOnlyShowWhilePendingLinks() {
    LogLinks l = links(new LogLinks.Template("A", List.of("a/{{ .podName }}", "b/{{ .podUnixFinishTime }}"),
            TaskLog.MessageFormat.UNKNOWN, false, false),
        new LogLinks.Template("Early", List.of("e/{{ .podName }}"), TaskLog.MessageFormat.CSV, true, false));
    Pod running = pod("Running");
    running.getStatus().getContainerStatuses().get(0).getState().setTerminated(null);

    assertThat(l.of(running, "ex1-n0-2", "", ID, "g", NOW)).extracting(TaskLog::getName, TaskLog::getUri)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("A", "a/ex1-n0-2"),
            org.assertj.core.groups.Tuple.tuple("A", "b/" + NOW.getEpochSecond()),
            org.assertj.core.groups.Tuple.tuple("Early", "e/ex1-n0-2"));
    assertThat(l.of(pod("Pending"), "ex1-n0-2", "", ID, "g", NOW)).extracting(TaskLog::getUri)
        .containsExactly("e/ex1-n0-2");
    assertThat(LogLinks.none().of(running, "c", "", ID, "g", NOW)).isEmpty();
  }

  static LogLinkSettings settings(Map<String, String> props) {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(LogLinkSettings.class)
        .withSources(new PropertiesConfigSource(props, "test", 100)).build();
    return config.getConfigMapping(LogLinkSettings.class);
  }

  @Test
  void configKeysEnableTheBuiltInLinksAndTemplates() {
    assertThat(settings(Map.of()).templatesToUse()).isEmpty();

    LogLinkSettings s = settings(Map.of(
        "aloft.propeller.plugins.logs.kubernetes-enabled", "true",
        "aloft.propeller.plugins.logs.kubernetes-url", "http://dash",
        "aloft.propeller.plugins.logs.cloudwatch-enabled", "true",
        "aloft.propeller.plugins.logs.cloudwatch-region", "us-east-1",
        "aloft.propeller.plugins.logs.cloudwatch-log-group", "/flyte",
        "aloft.propeller.plugins.logs.templates[0].display-name", "Local",
        "aloft.propeller.plugins.logs.templates[0].template-uris[0]", "file:///x/{{ .podName }}.txt",
        "aloft.propeller.plugins.logs.templates[0].template-uris[1]", "http://y/{{ .podName }}",
        "aloft.propeller.plugins.logs.templates[0].message-format", "CSV",
        "aloft.propeller.plugins.logs.templates[0].show-while-pending", "true"));
    List<TaskLog> logs = new LogLinks(s.templatesToUse()).of(pod("Running"), "ex1-n0-2", " (User)", ID, "g", NOW);

    assertThat(logs).extracting(TaskLog::getName, TaskLog::getUri).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Kubernetes Logs (User)",
            "http://dash/#!/log/p-development/ex1-n0-2/pod?namespace=p-development"),
        org.assertj.core.groups.Tuple.tuple("Cloudwatch Logs (User)",
            "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/flyte;"
                + "stream=var.log.containers.ex1-n0-2_p-development_ex1-n0-2-containerd://abc.log"),
        org.assertj.core.groups.Tuple.tuple("Local (User)", "file:///x/ex1-n0-2.txt"),
        org.assertj.core.groups.Tuple.tuple("Local (User)", "http://y/ex1-n0-2"));
    assertThat(logs.get(2).getMessageFormat()).isEqualTo(TaskLog.MessageFormat.CSV);
    assertThat(logs.get(2).getShowWhilePending()).isTrue();

    assertThatThrownBy(() -> settings(Map.of("aloft.propeller.plugins.logs.templates[0].display-name", "x",
        "aloft.propeller.plugins.logs.templates[0].template-uris[0]", "u",
        "aloft.propeller.plugins.logs.templates[0].message-format", "xml")).templatesToUse())
        .hasMessageContaining("message-format [xml]");
  }
}
