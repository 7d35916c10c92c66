package io.aloft.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data locations in a flytekit container's command line ({@code pyflyte-execute --inputs s3://.../inputs.pb
 * --output-prefix s3://.../0 --raw-output-data-prefix ... --checkpoint-path ... --prev-checkpoint ... --resolver ...
 * -- task-module ...}), also in the {@code --flag=value} form and behind {@code pyflyte-fast-execute ... --}.
 *
 * @param inputs the {@code --inputs} URI (inputs.pb)
 * @param outputPrefix the {@code --output-prefix} URI, where outputs.pb or error.pb go
 * @param rawOutputDataPrefix {@code --raw-output-data-prefix}, or null
 * @param checkpointPath {@code --checkpoint-path}, or null
 * @param prevCheckpoint {@code --prev-checkpoint}, or null
 * @param resolver {@code --resolver}, or null
 * @param resolverArgs what follows {@code --}
 */
public record FlyteTaskArgs(String inputs, String outputPrefix, String rawOutputDataPrefix, String checkpointPath,
    String prevCheckpoint, String resolver, List<String> resolverArgs) {

  /** The arguments of {@code pod}'s primary container (annotation {@code primary_container_name}, else the first). */
  public static FlyteTaskArgs of(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String primary = annotations == null ? null : annotations.get("primary_container_name");
    Container c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(primary)).findFirst()
        .orElse(pod.getSpec().getContainers().get(0));
    List<String> line = new ArrayList<>();
    if (c.getCommand() != null) {
      line.addAll(c.getCommand());
    }
    if (c.getArgs() != null) {
      line.addAll(c.getArgs());
    }
    return parse(line);
  }

  /** Parses a command line. */
  public static FlyteTaskArgs parse(List<String> line) {
    String inputs = null;
    String output = null;
    String raw = null;
    String checkpoint = null;
    String prev = null;
    String resolver = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < line.size(); i++) {
      String a = line.get(i);
      if (a.equals("--")) {
        rest.addAll(line.subList(i + 1, line.size()));
        break;
      }
      String flag = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        flag = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (a.startsWith("--") && i + 1 < line.size()) {
        value = line.get(i + 1);
      }
      boolean consumedNext = value != null && eq < 0;
      switch (flag) {
        case "--inputs" -> inputs = value;
        case "--output-prefix" -> output = value;
        case "--raw-output-data-prefix" -> raw = value;
        case "--checkpoint-path" -> checkpoint = value;
        case "--prev-checkpoint" -> prev = value;
        case "--resolver" -> resolver = value;
        default -> consumedNext = false;
      }
      if (consumedNext) {
        i++;
      }
    }
    if (inputs == null && rest.contains("--inputs")) {
      // pyflyte-fast-execute [--additional-distribution ... --dest-dir ...] -- pyflyte-execute --inputs ...
      return parse(rest);
    }
    return new FlyteTaskArgs(inputs, output, raw, checkpoint, prev, resolver, List.copyOf(rest));
  }

  /** {@code <output-prefix>/outputs.pb}. */
  public String outputsUri() {
    return join(outputPrefix, "outputs.pb");
  }

  /** {@code <output-prefix>/error.pb}. */
  public String errorUri() {
    return join(outputPrefix, "error.pb");
  }

  private static String join(String prefix, String file) {
    return prefix.endsWith("/") ? prefix + file : prefix + "/" + file;
  }
}
