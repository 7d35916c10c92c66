// The children of nodes opened with their expand control, drawn in a panel under the graph (one section per opened
// node, in the order opened): a sub-workflow's compiled graph, a dynamic node's yielded graph, a branch's taken node,
// each coloured by its children's phases (admin's ListNodeExecutions with unique_parent_id); a map task's subtasks as
// counts by phase and one badge per index (its task attempt's external resources). refresh() re-reads every open
// section, so the execution page polls them with the top level. Mirrors what flyteconsole shows, not its code.
import {
  api, nodeApi, type CompiledWorkflow, type CompiledWorkflowClosure, type ExecutionId, type NodeExecution,
} from "./api";
import { h, replace } from "./dom";
import { drawGraph, type Graph, graphOf, markExpandable, setExpanded, setPhases } from "./graph";
import { phaseClass } from "./phases";

/** What kind of children a node has, and so how its section draws them. */
export type ParentKind = "sub-workflow" | "branch" | "dynamic" | "map";

/** An opened node: where it is drawn, and how to refresh it. */
interface Section {
  el: HTMLElement;
  refresh(): Promise<void>;
  /** The unique id of the open node whose graph this one was opened from (none for the top level). */
  owner?: string;
}

/**
 * Where a drawn node's compiled spec is: the compiled workflow drawn (unknown for a branch's children) and the closure
 * its sub-workflow references resolve in.
 */
export interface Scope { workflow?: CompiledWorkflow; closure: CompiledWorkflowClosure }

/** A graph of children: drawn ids map to the children's unique node ids, for selecting and opening them. */
interface ChildGraph {
  root: SVGElement;
  /** The unique node id of the child drawn as the given id, once it has run. */
  unique: Map<string, string>;
}

export class NestedNodes {
  private readonly open = new Map<string, Section>();
  /** Every child node execution seen, by unique node id, for the node panel. */
  readonly nodes = new Map<string, NodeExecution>();

  constructor(private readonly box: HTMLElement, private readonly exec: ExecutionId,
      private readonly onSelect: (uniqueNodeId: string) => void) {}

  /**
   * Opens (or closes when open) the children of node execution uniqueId, drawn in graph as specId (its expand mark
   * flips), whose compiled node is in scope; owner is the open node that graph belongs to (none at the top level).
   */
  async toggle(uniqueId: string, specId: string, node: NodeExecution | undefined, scope: Scope,
      graph: SVGElement, owner?: string): Promise<void> {
    if (this.open.has(uniqueId)) {
      this.close(uniqueId);
      setExpanded(graph, specId, false);
      return;
    }
    const kind = parentKind(node, specId, scope);
    const el = h("section", { class: "nested", "data-parent": uniqueId, "data-kind": kind },
      h("h3", {}, `${uniqueId} (${kind})`));
    const body = h("div", { class: "nested-body" }, h("p", { class: "muted" }, "loading…"));
    el.append(body);
    this.box.append(el);
    const section: Section = { el, owner, refresh: kind === "map"
      ? () => this.refreshMap(uniqueId, body)
      : this.graphRefresher(uniqueId, specId, kind, scope, body) };
    this.open.set(uniqueId, section);
    setExpanded(graph, specId, true);
    await section.refresh().catch(err => replace(body, h("p", { class: "error" }, String(err))));
  }

  /** Closes an open node and every node opened from its graph. */
  private close(uniqueId: string): void {
    this.open.get(uniqueId)?.el.remove();
    this.open.delete(uniqueId);
    for (const [id, s] of [...this.open]) if (s.owner === uniqueId) this.close(id);
  }

  /** Re-reads every open section (the execution page calls this on each poll). */
  async refresh(): Promise<void> {
    await Promise.all([...this.open.values()].map(s => s.refresh()));
  }

  private graphRefresher(uniqueId: string, specId: string, kind: ParentKind, scope: Scope,
      body: HTMLElement): () => Promise<void> {
    let drawn: ChildGraph | undefined;
    let inner: Scope = { closure: scope.closure };
    return async () => {
      const children = await nodeApi.children(this.exec, uniqueId);
      for (const c of children) this.nodes.set(c.id.node_id, c);
      if (!drawn) {
        const wf = await this.childWorkflow(uniqueId, specId, kind, scope);
        if (!wf && children.length === 0) {
          replace(body, h("p", { class: "muted" }, "No children yet."));
          return;
        }
        if (wf) inner = wf.scope;
        drawn = this.drawChildren(uniqueId, wf ? graphOf(wf.scope.workflow!) : childrenGraph(children), inner);
        replace(body, drawn.root);
      }
      const phases = new Map<string, string>();
      for (const c of children) {
        const drawnId = c.metadata?.spec_node_id || c.id.node_id;
        drawn.unique.set(drawnId, c.id.node_id);
        phases.set(drawnId, c.closure.phase);
        if (c.metadata?.is_parent_node || c.metadata?.is_array) {
          const graph = drawn;
          markExpandable(graph.root, drawnId, id => void this.openChild(uniqueId, graph, id, inner));
        }
      }
      setPhases(drawn.root, phases);
    };
  }

  /** The compiled graph of a node's children, when there is one: a sub-workflow's, or a dynamic node's yield. */
  private async childWorkflow(uniqueId: string, specId: string, kind: ParentKind, scope: Scope):
      Promise<{ scope: Scope } | undefined> {
    if (kind === "sub-workflow") {
      const ref = findNode(scope, specId)?.workflow_node?.sub_workflow_ref;
      const sub = ref ? findWorkflow(scope.closure, ref.name, ref.version) : undefined;
      return sub ? { scope: { workflow: sub, closure: scope.closure } } : undefined;
    }
    if (kind === "dynamic") {
      const dyn = (await api.nodeData(this.exec, uniqueId)).dynamic_workflow?.compiled_workflow;
      return dyn?.primary ? { scope: { workflow: dyn.primary, closure: dyn } } : undefined;
    }
    return undefined;
  }

  private drawChildren(owner: string, graph: Graph, scope: Scope): ChildGraph {
    const unique = new Map<string, string>();
    const drawn: ChildGraph = { root: undefined as unknown as SVGElement, unique };
    drawn.root = drawGraph(graph, id => { if (unique.has(id)) this.onSelect(unique.get(id)!); },
      id => void this.openChild(owner, drawn, id, scope));
    return drawn;
  }

  /** Opens a child drawn in a nested graph (a sub-workflow in a sub-workflow, a map in a branch, ...). */
  private async openChild(owner: string, drawn: ChildGraph, drawnId: string, scope: Scope): Promise<void> {
    const uniqueId = drawn.unique.get(drawnId);
    if (!uniqueId) return; // not run yet: nothing to show
    await this.toggle(uniqueId, drawnId, this.nodes.get(uniqueId), scope, drawn.root, owner);
  }

  private async refreshMap(uniqueId: string, body: HTMLElement): Promise<void> {
    const attempts = await nodeApi.attempts(this.exec, uniqueId);
    const latest = attempts.at(-1);
    const byIndex = new Map<number, { attempt: number; phase: string }>();
    for (const r of latest?.closure.metadata?.external_resources ?? []) {
      const index = r.index ?? 0;
      const attempt = r.retry_attempt ?? 0;
      if ((byIndex.get(index)?.attempt ?? -1) <= attempt) byIndex.set(index, { attempt, phase: r.phase });
    }
    if (byIndex.size === 0) {
      replace(body, h("p", { class: "muted" }, "No subtasks yet."));
      return;
    }
    const counts = new Map<string, number>();
    for (const { phase } of byIndex.values()) counts.set(phase, (counts.get(phase) ?? 0) + 1);
    replace(body,
      h("p", { class: "map-counts" }, ...[...counts].sort().map(([phase, n]) =>
        h("span", { class: `badge ${phaseClass(phase)}`, "data-phase": phase, "data-count": n }, `${phase} ${n}`))),
      h("ol", { class: "map-indices" }, ...[...byIndex].sort(([a], [b]) => a - b).map(([index, r]) =>
        h("li", { class: `badge ${phaseClass(r.phase)}`, "data-index": index, "data-phase": r.phase,
          title: `attempt ${r.attempt}` }, `${index}: ${r.phase}`))));
  }
}

/** How a node with children draws them, from its compiled node (when known) and what its execution says. */
function parentKind(node: NodeExecution | undefined, specId: string, scope: Scope): ParentKind {
  const compiled = findNode(scope, specId);
  if (node?.metadata?.is_array || compiled?.array_node) return "map";
  if (compiled?.workflow_node?.sub_workflow_ref) return "sub-workflow";
  if (compiled?.branch_node) return "branch";
  return "dynamic";
}

/** A graph of children no compiled workflow describes (a branch's taken node): the children, unconnected. */
function childrenGraph(children: NodeExecution[]): Graph {
  return {
    nodes: children.map(c => ({ id: c.metadata?.spec_node_id || c.id.node_id, label: c.id.node_id, kind: "" })),
    edges: [],
  };
}

function findWorkflow(c: CompiledWorkflowClosure, name: string, version?: string): CompiledWorkflow | undefined {
  return [c.primary, ...(c.sub_workflows ?? [])].find(w => w.template.id.name === name
    && (!version || w.template.id.version === version));
}

function findNode(scope: Scope, specId: string) {
  return scope.workflow?.template.nodes.find(n => n.id === specId);
}
