// The panel of the clicked node: phase, times, error; its cache status (a badge, and the execution whose output a
// cache hit took); a launch-plan node's child execution; its task attempts (retry, phase, start, duration, error, log
// links opening in a new tab); its outputs and inputs rendered by literal type.
import { api, nodeApi, type ExecutionId, type NodeExecution, type TaskExecution } from "./api";
import { h, replace } from "./dom";
import { literalMapView } from "./literals";
import { formatDuration, formatTime, isTerminal, phaseClass } from "./phases";
import { executionPath } from "./routes";

/** Shows node execution nodeId (node: its execution, undefined when it has not run) in panel. */
export async function showNode(panel: HTMLElement, id: ExecutionId, nodeId: string, node: NodeExecution | undefined):
    Promise<void> {
  panel.hidden = false;
  const phase = node?.closure.phase ?? "UNDEFINED";
  const outputs = h("div", { id: "node-outputs" }, h("p", { class: "muted" }, "loading…"));
  const inputs = h("div", { id: "node-inputs" });
  const attempts = h("div", { id: "node-attempts" }, h("p", { class: "muted" }, "loading…"));
  replace(panel,
    h("h2", {}, nodeId, " ", badge("node-phase", phase), " ", cacheBadge(node)),
    h("dl", { class: "facts" },
      h("dt", {}, "Started"), h("dd", {}, formatTime(node?.closure.started_at)),
      h("dt", {}, "Duration"), h("dd", {}, formatDuration(node?.closure.duration)),
      ...cacheSource(node), ...childExecution(node)),
    node?.closure.error?.message ? h("pre", { class: "error" }, node.closure.error.message) : null,
    h("h3", {}, "Attempts"), attempts, h("h3", {}, "Outputs"), outputs, h("h3", {}, "Inputs"), inputs);
  if (!node) {
    replace(outputs, h("p", { class: "muted" }, "This node has not run."));
    replace(attempts);
    return;
  }
  await Promise.all([
    nodeApi.attempts(id, nodeId).then(list => replace(attempts, attemptsView(list)),
      err => replace(attempts, h("p", { class: "error" }, String(err)))),
    api.nodeData(id, nodeId).then(data => {
      replace(outputs, literalMapView(data.full_outputs, isTerminal(phase) ? "No outputs." : "Not yet."));
      replace(inputs, literalMapView(data.full_inputs, "No inputs."));
    }, err => replace(outputs, h("p", { class: "error" }, String(err)))),
  ]);
}

function badge(id: string, phase: string): HTMLElement {
  return h("span", { id, "data-phase": phase, class: `badge ${phaseClass(phase)}` }, phase);
}

/** The task node's cache outcome (CACHE_HIT, CACHE_POPULATED, ...), left out when caching is off. */
function cacheBadge(node: NodeExecution | undefined): HTMLElement | null {
  const status = node?.closure.task_node_metadata?.cache_status;
  if (!status || status === "CACHE_DISABLED") return null;
  return h("span", { id: "node-cache", class: `badge cache ${status.toLowerCase().replace(/_/g, "-")}`,
    "data-cache": status }, status);
}

/** The execution whose task produced the cached outputs this node read or wrote. */
function cacheSource(node: NodeExecution | undefined): Node[] {
  const source = node?.closure.task_node_metadata?.catalog_key?.source_task_execution?.node_execution_id?.execution_id;
  if (!source?.name) return [];
  return [h("dt", {}, "Cached by"),
    h("dd", {}, h("a", { id: "node-cache-source", href: executionPath(source) }, source.name))];
}

/** A launch-plan node's child execution. */
function childExecution(node: NodeExecution | undefined): Node[] {
  const child = node?.closure.workflow_node_metadata?.executionId;
  if (!child?.name) return [];
  return [h("dt", {}, "Child execution"),
    h("dd", {}, h("a", { id: "node-child-execution", href: executionPath(child) }, child.name))];
}

function attemptsView(list: TaskExecution[]): HTMLElement {
  if (list.length === 0) return h("p", { class: "muted" }, "No task attempts.");
  return h("table", { class: "attempts" },
    h("tr", {}, h("th", {}, "#"), h("th", {}, "Phase"), h("th", {}, "Started"), h("th", {}, "Duration"),
      h("th", {}, "Logs")),
    ...list.flatMap(t => {
      const c = t.closure;
      const attempt = t.id.retry_attempt ?? 0;
      const logs = c.logs ?? [];
      const row = h("tr", { class: "attempt", "data-attempt": attempt, "data-phase": c.phase },
        h("td", {}, attempt), h("td", {}, h("span", { class: `badge ${phaseClass(c.phase)}` }, c.phase)),
        h("td", {}, formatTime(c.started_at)), h("td", { class: "duration" }, formatDuration(c.duration)),
        h("td", {}, logs.length === 0 ? h("span", { class: "muted no-logs" }, "No logs.")
          : h("ul", { class: "logs" }, ...logs.map(l => h("li", {},
            h("a", { href: l.uri, target: "_blank", rel: "noopener" }, l.name || l.uri))))));
      return c.error?.message
        ? [row, h("tr", { class: "attempt-error" }, h("td", { colspan: 5, class: "error" }, c.error.message))] : [row];
    }));
}
