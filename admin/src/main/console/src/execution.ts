// One execution: its header (phase, times, error) with its actions (actions.ts), its workflow graph coloured by node
// phase with the children of opened nodes under it (nested.ts), the timeline (timeline.ts), and a panel for the
// clicked node (nodepanel.ts, with gates.ts's buttons for a waiting gate). While the execution is not terminal the
// page polls admin every POLL_MS and recolours in place.
import { renderActions } from "./actions";
import { api, type Execution, type ExecutionId, type NodeExecution } from "./api";
import { h, replace } from "./dom";
import { appendGate } from "./gates";
import { drawGraph, graphOf, markExpandable, setPhases } from "./graph";
import { NestedNodes, type Scope } from "./nested";
import { showNode } from "./nodepanel";
import { markRendered } from "./perf";
import { formatDuration, formatTime, isTerminal, phaseClass } from "./phases";
import { renderTimeline } from "./timeline";

const POLL_MS = 1500;

export async function executionPage(app: HTMLElement, id: ExecutionId): Promise<void> {
  const header = h("section", { id: "execution-header" });
  const graphBox = h("section", { class: "graph-box" });
  const nestedBox = h("div", { id: "nested" });
  const timelineBox = h("section", { id: "timeline" });
  const panel = h("aside", { id: "node-panel", hidden: true });
  const notice = h("p", { class: "notice", id: "poll-notice" });
  const actions = h("p", { id: "execution-actions" });
  replace(app, header, actions, notice,
    h("div", { class: "split" }, h("div", { class: "main-col" }, graphBox, nestedBox, timelineBox), panel));

  let execution = await api.execution(id);
  renderHeader(header, execution);
  renderActions(actions, execution);
  if (!execution.closure.workflow_id) throw new Error(`execution ${id.name} names no workflow`);
  const workflow = await api.workflow(execution.closure.workflow_id);
  let nodes = new Map<string, NodeExecution>();
  const nodeOf = (nodeId: string) => nodes.get(nodeId) ?? nested.nodes.get(nodeId);
  let selected: string | undefined;
  const compiled = new Map(workflow.closure.compiled_workflow.primary.template.nodes.map(n => [n.id, n]));
  const select = (nodeId: string) => {
    selected = nodeId;
    void showNode(panel, id, nodeId, nodeOf(nodeId));
    appendGate(panel, id, compiled.get(nodeId), nodes.get(nodeId));
  };
  const nested = new NestedNodes(nestedBox, id, select);
  const scope: Scope = { workflow: workflow.closure.compiled_workflow.primary,
    closure: workflow.closure.compiled_workflow };
  // top-level node ids are their spec ids: a node opens once it has run
  const expand = (nodeId: string) => {
    if (nodes.has(nodeId)) void nested.toggle(nodeId, nodeId, nodes.get(nodeId), scope, graph);
  };
  const graph = drawGraph(graphOf(scope.workflow!), select, expand);
  graphBox.append(graph);

  for (;;) {
    try {
      const [e, list] = await Promise.all([api.execution(id), api.nodeExecutions(id)]);
      execution = e;
      const before = selected ? nodeOf(selected)?.closure.phase : undefined;
      nodes = new Map(list.map(n => [n.id.node_id, n]));
      await nested.refresh();
      renderHeader(header, execution);
      renderActions(actions, execution);
      setPhases(graph, new Map(list.map(n => [n.id.node_id, n.closure.phase])));
      for (const n of list) if (n.metadata?.is_parent_node) markExpandable(graph, n.id.node_id, expand);
      renderTimeline(timelineBox, list, Date.now());
      markRendered("execution");
      if (selected && nodeOf(selected)?.closure.phase !== before) select(selected);
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
