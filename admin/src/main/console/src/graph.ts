// The workflow graph: nodes and edges from the compiled workflow (its connections, as Flyte's compiler writes them),
// laid out by layout.ts (dagre, or a plain layered layout for big graphs), drawn as SVG. Each node's <g> carries
// data-node-id and data-phase; setPhases() recolours it in place, so polling never re-lays the graph out. A node with
// children (sub-workflow, branch, map, dynamic) gets an expand control (g.expand, data-expand=its id) that calls
// onExpand; nested.ts draws what it opens.
import type { CompiledNode, CompiledWorkflow } from "./api";
import { svg } from "./dom";
import { layout } from "./layout";
import { phaseClass } from "./phases";

const START = "start-node";
const END = "end-node";
const NODE_W = 170;
const NODE_H = 44;

export interface GraphNode { id: string; label: string; kind: string; expandable?: boolean }
export interface Graph { nodes: GraphNode[]; edges: [string, string][] }

/** The graph of a compiled workflow: its nodes plus Flyte's start and end nodes, edges from its connections. */
export function graphOf(wf: CompiledWorkflow): Graph {
  const nodes: GraphNode[] = wf.template.nodes.map(n => ({ id: n.id, label: labelOf(n), kind: kindOf(n),
    expandable: EXPANDABLE.has(kindOf(n)) }));
  const edges: [string, string][] = [];
  const downstream = wf.connections?.downstream ?? {};
  for (const [from, to] of Object.entries(downstream)) for (const id of to.ids ?? []) edges.push([from, id]);
  if (edges.length === 0) {
    for (const n of wf.template.nodes) for (const up of n.upstream_node_ids ?? []) edges.push([up, n.id]);
  }
  const known = new Set(nodes.map(n => n.id));
  for (const special of [START, END]) {
    if (!known.has(special) && edges.some(([a, b]) => a === special || b === special)) {
      nodes.push({ id: special, label: special === START ? "start" : "end", kind: "" });
      known.add(special);
    }
  }
  return { nodes, edges: edges.filter(([a, b]) => known.has(a) && known.has(b)) };
}

function labelOf(n: CompiledNode): string {
  const name = n.metadata?.name ?? "";
  return name && name !== n.id ? `${n.id}: ${name.split(".").pop()}` : n.id;
}

/** The kinds whose children a compiled node already tells apart (a dynamic task is known only once it runs). */
const EXPANDABLE = new Set(["sub-workflow", "branch", "map"]);

/** A node's kind as the graph labels it: task, sub-workflow, launch plan, branch, gate or map. */
export function kindOf(n: CompiledNode): string {
  if (n.task_node) return "task";
  if (n.workflow_node) return n.workflow_node.sub_workflow_ref ? "sub-workflow" : "launch plan";
  if (n.branch_node) return "branch";
  if (n.gate_node) return "gate";
  if (n.array_node) return "map";
  return "";
}

/**
 * Lays the graph out left to right and draws it; onSelect gets the id of a clicked node, onExpand the id of a node
 * whose expand control was clicked.
 */
export function drawGraph(graph: Graph, onSelect: (nodeId: string) => void,
    onExpand: (nodeId: string) => void = () => {}): SVGElement {
  const laid = layout(graph, NODE_W, NODE_H);
  const root = svg("svg", { class: "graph", width: laid.width, height: laid.height,
    viewBox: `0 0 ${laid.width} ${laid.height}` });
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
    markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z" }))));
  for (const points of laid.edges) {
    root.append(svg("polyline", { class: "edge", "marker-end": "url(#arrow)",
      points: points.map(p => `${p.x},${p.y}`).join(" ") }));
  }
  for (const n of graph.nodes) {
    const { x, y } = laid.nodes.get(n.id)!;
    const box = svg("g", { class: `node ${phaseClass(undefined)}`, "data-node-id": n.id, "data-phase": "UNDEFINED",
      transform: `translate(${x - NODE_W / 2},${y - NODE_H / 2})`, onclick: () => onSelect(n.id) },
      svg("title", {}, n.id),
      svg("rect", { width: NODE_W, height: NODE_H, rx: 6 }),
      svg("text", { x: 10, y: 19, class: "label" }, truncate(n.label, n.expandable ? 19 : 22)),
      svg("text", { x: 10, y: 35, class: "sub" }, [n.kind, "UNDEFINED"].filter(Boolean).join(" · ")));
    root.append(box);
    if (n.expandable) addExpand(box, n.id, onExpand);
  }
  return root;
}

/** Gives a drawn node an expand control once it shows it has children (a dynamic task), if it has none yet. */
export function markExpandable(root: SVGElement, nodeId: string, onExpand: (nodeId: string) => void): void {
  const box = root.querySelector<SVGGElement>(`g.node[data-node-id="${CSS.escape(nodeId)}"]`);
  if (box && !box.querySelector("g.expand")) addExpand(box, nodeId, onExpand);
}

/** Shows whether a node's expand control is open (+ closed, − open). */
export function setExpanded(root: SVGElement, nodeId: string, open: boolean): void {
  const mark = root.querySelector(`g.node[data-node-id="${CSS.escape(nodeId)}"] g.expand text`);
  if (mark) mark.textContent = open ? "−" : "+";
}

function addExpand(box: SVGElement, nodeId: string, onExpand: (nodeId: string) => void): void {
  box.append(svg("g", { class: "expand", "data-expand": nodeId, transform: `translate(${NODE_W - 22},4)`,
    onclick: (e: Event) => { e.stopPropagation(); onExpand(nodeId); } },
    svg("title", {}, "show children"), svg("rect", { width: 18, height: 18, rx: 3 }),
    svg("text", { x: 9, y: 14, "text-anchor": "middle" }, "+")));
}

/** Colours every drawn node by its phase in phases (nodes without an execution stay UNDEFINED). */
export function setPhases(root: SVGElement, phases: Map<string, string>): void {
  root.querySelectorAll<SVGGElement>("g.node").forEach(node => {
    const phase = phases.get(node.dataset.nodeId ?? "") ?? "UNDEFINED";
    if (node.dataset.phase === phase) return;
    node.dataset.phase = phase;
    node.setAttribute("class", `node ${phaseClass(phase)}`);
    const sub = node.querySelector("text.sub");
    if (sub) sub.textContent = sub.textContent!.replace(/[A-Z_]+$/, phase);
  });
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
