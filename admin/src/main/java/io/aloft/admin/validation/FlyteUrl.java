package io.aloft.admin.validation;

import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.AdminException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code flyte://} data reference, as flytekit and the node/task execution data RPCs write them
 * (flyteadmin/pkg/common/flyte_url.go {@code ParseFlyteURLToExecution}):
 * {@code flyte://v1/<project>/<domain>/<execution>/<node>[/<attempt>]/<i|o|d>[/<literal name>]}; {@code d} (the
 * deck) takes no literal name.
 *
 * @param node the node execution
 * @param attempt the task attempt, when the reference names one (then it reads the task execution's data)
 * @param io {@code 'i'} inputs, {@code 'o'} outputs, {@code 'd'} the deck
 * @param literalName one literal of the map, or "" for the whole map
 */
public record FlyteUrl(NodeExecutionIdentifier node, OptionalInt attempt, char io, String literalName) {
  private static final String PREFIX = "flyte://v1/(?<project>[a-zA-Z0-9_-]+)/(?<domain>[a-zA-Z0-9_-]+)"
      + "/(?<exec>[a-zA-Z0-9_-]+)/(?<node>[a-zA-Z0-9_-]+)(?:/(?<attempt>[0-9]+))?";
  private static final Pattern WHOLE = Pattern.compile(PREFIX + "/(?<io>[iod])");
  private static final Pattern ONE_LITERAL = Pattern.compile(PREFIX + "/(?<io>[io])/(?<literal>[a-zA-Z0-9_-]+)");

  /** Parses {@code url}; INVALID_ARGUMENT naming {@code field} if it is empty or not such a reference. */
  public static FlyteUrl parse(String url, String field) {
    if (url.isEmpty()) {
      throw AdminException.invalid("missing " + field);
    }
    if (!url.startsWith("flyte://")) {
      throw AdminException.invalid("invalid " + field + " [" + url + "]: must start with flyte://");
    }
    Matcher m = WHOLE.matcher(url);
    boolean whole = m.matches();
    if (!whole) {
      m = ONE_LITERAL.matcher(url);
      if (!m.matches()) {
        throw AdminException.invalid("invalid " + field + " [" + url + "]: not of the form flyte://v1/<project>/"
            + "<domain>/<execution>/<node>[/<attempt>]/<i|o|d>[/<name>]");
      }
    }
    OptionalInt attempt = OptionalInt.empty();
    if (m.group("attempt") != null) {
      try {
        attempt = OptionalInt.of(Integer.parseUnsignedInt(m.group("attempt")));
      } catch (NumberFormatException e) {
        throw AdminException.invalid("invalid " + field + " [" + url + "]: attempt out of range");
      }
    }
    NodeExecutionIdentifier node = NodeExecutionIdentifier.newBuilder().setNodeId(m.group("node"))
        .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject(m.group("project"))
            .setDomain(m.group("domain")).setName(m.group("exec")))
        .build();
    return new FlyteUrl(node, attempt, m.group("io").charAt(0), whole ? "" : m.group("literal"));
  }
}
