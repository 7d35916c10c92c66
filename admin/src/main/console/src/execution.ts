// One execution: its header (phase, times, error), its workflow graph coloured by node phase, and a panel for the
// clicked node. While the execution is not terminal the page polls admin every POLL_MS and recolours in place.
import { renderActions } from "./actions";
import { api, type Execution, type ExecutionId, type NodeExecution } from "./api";
import { h, replace } from "./dom";
import { appendGate } from "./gates";
import { drawGraph, graphOf, setPhases } from "./graph";
import { literalMapView } from "./literals";
import { markRendered } from "./perf";
import { formatDuration, formatTime, isTerminal, phaseClass } from "./phases";

const POLL_MS = 1500;

export async function executionPage(app: HTMLElement, id: ExecutionId): Promise<void> {
  const header = h("section", { id: "execution-header" });
  const graphBox = h("section", { class: "graph-box" });
  const panel = h("aside", { id: "node-panel", hidden: true });
  const notice = h("p", { class: "notice", id: "poll-notice" });
  const actions = h("p", { id: "execution-actions" });
  replace(app, header, actions, notice, h("div", { class: "split" }, graphBox, panel));

  let execution = await api.execution(id);
  renderHeader(header, execution);
  renderActions(actions, execution);
  if (!execution.closure.workflow_id) throw new Error(`execution ${id.name} names no workflow`);
  const workflow = await api.workflow(execution.closure.workflow_id);
  let nodes = new Map<string, NodeExecution>();
  let selected: string | undefined;
  const compiled = new Map(workflow.closure.compiled_workflow.primary.template.nodes.map(n => [n.id, n]));
  const select = (nodeId: string) => {
    selected = nodeId;
    void showNode(panel, id, nodeId, nodes.get(nodeId));
    appendGate(panel, id, compiled.get(nodeId), nodes.get(nodeId));
  };
  const graph = drawGraph(graphOf(workflow.closure.compiled_workflow.primary), select);
  graphBox.append(graph);

  for (;;) {
    try {
      const [e, list] = await Promise.all([api.execution(id), api.nodeExecutions(id)]);
      execution = e;
      const before = selected ? nodes.get(selected)?.closure.phase : undefined;
      nodes = new Map(list.map(n => [n.id.node_id, n]));
      renderHeader(header, execution);
      renderActions(actions, execution);
      setPhases(graph, new Map(list.map(n => [n.id.node_id, n.closure.phase])));
      markRendered("execution");
      if (selected && nodes.get(selected)?.closure.phase !== before) select(selected);
      replace(notice);
    } catch (err) {
      replace(notice, `Could not refresh (${String(err)}); trying again.`);
    }
    if (isTerminal(execution.closure.phase)) return;
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}

function renderHeader(header: HTMLElement, e: Execution): void {
  const c = e.closure;
  replace(header,
    h("h1", {}, e.id.name, " ", h("span", { id: "execution-phase", "data-phase": c.phase,
      class: `badge ${phaseClass(c.phase)}` }, c.phase)),
    h("dl", { class: "facts" },
      h("dt", {}, "Workflow"), h("dd", {}, c.workflow_id?.name ?? ""),
      h("dt", {}, "Launch plan"), h("dd", {}, e.spec.launch_plan?.name ?? ""),
      h("dt", {}, "Started"), h("dd", {}, formatTime(c.started_at)),
      h("dt", {}, "Duration"), h("dd", {}, formatDuration(c.duration))),
    c.error?.message ? h("pre", { class: "error", id: "execution-error" }, c.error.message) : null);
}

async function showNode(panel: HTMLElement, id: ExecutionId, nodeId: string, node: NodeExecution | undefined) {
  panel.hidden = false;
  const phase = node?.closure.phase ?? "UNDEFINED";
  const outputs = h("div", { id: "node-outputs" }, h("p", { class: "muted" }, "loading…"));
  const inputs = h("div", { id: "node-inputs" });
  replace(panel,
    h("h2", {}, nodeId, " ", h("span", { id: "node-phase", "data-phase": phase, class: `badge ${phaseClass(phase)}` },
      phase)),
    h("dl", { class: "facts" },
      h("dt", {}, "Started"), h("dd", {}, formatTime(node?.closure.started_at)),
      h("dt", {}, "Duration"), h("dd", {}, formatDuration(node?.closure.duration))),
    node?.closure.error?.message ? h("pre", { class: "error" }, node.closure.error.message) : null,
    h("h3", {}, "Outputs"), outputs, h("h3", {}, "Inputs"), inputs);
  if (!node) {
    replace(outputs, h("p", { class: "muted" }, "This node has not run."));
    return;
  }
  try {
    const data = await api.nodeData(id, nodeId);
    replace(outputs, literalMapView(data.full_outputs, isTerminal(phase) ? "No outputs." : "Not yet."));
    replace(inputs, literalMapView(data.full_inputs, "No inputs."));
  } catch (err) {
    replace(outputs, h("p", { class: "error" }, String(err)));
  }
}
