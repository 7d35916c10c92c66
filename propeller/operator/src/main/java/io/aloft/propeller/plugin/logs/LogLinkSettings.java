package io.aloft.propeller.plugin.logs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/**
 * Task log links, under {@code aloft.propeller.plugins.logs} (Flyte's {@code plugins.logs} section, flyteplugins
 * logs/config.go): the built-in Kubernetes, CloudWatch and Stackdriver links, and any number of URI templates. Every
 * enabled entry makes one link per template URI on each pod task's events; admin returns them as the task
 * execution's logs. Flyte's camelCase template keys are kebab-case here ({@code displayName} is {@code display-name},
 * {@code templateUris} is {@code template-uris}).
 */
@ConfigMapping(prefix = "aloft.propeller.plugins.logs")
public interface LogLinkSettings {
  /** The Kubernetes dashboard link ("Kubernetes Logs"). */
  @WithName("kubernetes-enabled")
  @WithDefault("false")
  boolean kubernetesEnabled();

  /** The dashboard's base URL, for the default Kubernetes template. */
  @WithName("kubernetes-url")
  Optional<String> kubernetesUrl();

  /** Replaces the default Kubernetes template. */
  @WithName("kubernetes-template-uri")
  Optional<String> kubernetesTemplateUri();

  /** The CloudWatch link ("Cloudwatch Logs"). */
  @WithName("cloudwatch-enabled")
  @WithDefault("false")
  boolean cloudwatchEnabled();

  @WithName("cloudwatch-region")
  Optional<String> cloudwatchRegion();

  @WithName("cloudwatch-log-group")
  Optional<String> cloudwatchLogGroup();

  /** Replaces the default CloudWatch template. */
  @WithName("cloudwatch-template-uri")
  Optional<String> cloudwatchTemplateUri();

  /** The Stackdriver link ("Stackdriver Logs"). */
  @WithName("stackdriver-enabled")
  @WithDefault("false")
  boolean stackdriverEnabled();

  @WithName("gcp-project")
  Optional<String> gcpProject();

  @WithName("stackdriver-logresourcename")
  Optional<String> stackdriverLogResourceName();

  /** Replaces the default Stackdriver template. */
  @WithName("stackdriver-template-uri")
  Optional<String> stackdriverTemplateUri();

  /** Custom links. */
  List<Template> templates();

  /** One custom link: {@code display-name} and one or more {@code template-uris}. */
  interface Template {
    @WithName("display-name")
    String displayName();

    @WithName("template-uris")
    List<String> templateUris();

    /** unknown, csv or json (TaskLog.MessageFormat). */
    @WithName("message-format")
    @WithDefault("unknown")
    String messageFormat();

    /** Shown while the pod is still pending (otherwise only once it runs). */
    @WithName("show-while-pending")
    @WithDefault("false")
    boolean showWhilePending();

    /** Hidden once the attempt is over. */
    @WithName("hide-once-finished")
    @WithDefault("false")
    boolean hideOnceFinished();
  }

  /** The link templates these settings enable, built-ins first. */
  default List<LogLinks.Template> templatesToUse() {
    List<LogLinks.Template> out = new java.util.ArrayList<>();
    if (kubernetesEnabled()) {
      out.add(new LogLinks.Template("Kubernetes Logs", List.of(kubernetesTemplateUri().orElse(
          kubernetesUrl().orElse("") + "/#!/log/{{ .namespace }}/{{ .podName }}/pod?namespace={{ .namespace }}")),
          flyteidl.core.Execution.TaskLog.MessageFormat.JSON, false, false));
    }
    if (cloudwatchEnabled()) {
      out.add(new LogLinks.Template("Cloudwatch Logs", List.of(cloudwatchTemplateUri().orElse(
          "https://console.aws.amazon.com/cloudwatch/home?region=" + cloudwatchRegion().orElse("")
              + "#logEventViewer:group=" + cloudwatchLogGroup().orElse("")
              + ";stream=var.log.containers.{{ .podName }}_{{ .namespace }}_{{ .containerName }}-{{ .containerId }}.log")),
          flyteidl.core.Execution.TaskLog.MessageFormat.JSON, false, false));
    }
    if (stackdriverEnabled()) {
      String project = gcpProject().orElse("");
      out.add(new LogLinks.Template("Stackdriver Logs", List.of(stackdriverTemplateUri().orElse(
          "https://console.cloud.google.com/logs/viewer?project=" + project
              + "&angularJsUrl=%2Flogs%2Fviewer%3Fproject%3D" + project + "&resource="
              + stackdriverLogResourceName().orElse("") + "&advancedFilter=resource.labels.pod_name%3D{{ .podName }}")),
          flyteidl.core.Execution.TaskLog.MessageFormat.JSON, false, false));
    }
    for (Template t : templates()) {
      out.add(new LogLinks.Template(t.displayName(), t.templateUris(), LogLinks.messageFormat(t.messageFormat()),
          t.showWhilePending(), t.hideOnceFinished()));
    }
    return out;
  }
}
