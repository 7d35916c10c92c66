// Where the graph's nodes go. dagre (crossing minimisation, routed edges) for ordinary workflows; for big ones
// (LAYERED_FROM nodes and more) a plain layered layout in one pass, since dagre takes seconds on a thousand nodes
// (measured by ./aloft bench console: 1 to 3.7 s for a 1,000-node chain or fan-out on this machine) and the page's
// budget is 1 s. Both give node centres and edge polylines, left to right. ?layout=dagre in the page's URL forces
// dagre (the bench measures both).
import dagre from "@dagrejs/dagre";
import type { Graph } from "./graph";

export const LAYERED_FROM = 200;
const NODE_SEP = 24;
const RANK_SEP = 48;
const MARGIN = 16;

export interface Point { x: number; y: number }
export interface Layout { width: number; height: number; nodes: Map<string, Point>; edges: Point[][] }

/** The layout of graph with nodes of w x h; the page's ?layout=dagre or ?layout=layered chooses one. */
export function layout(graph: Graph, w: number, h: number): Layout {
  const chosen = new URLSearchParams(location.search).get("layout");
  const big = chosen ? chosen === "layered" : graph.nodes.length >= LAYERED_FROM;
  return big ? layered(graph, w, h) : byDagre(graph, w, h);
}

function byDagre(graph: Graph, w: number, h: number): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: w, height: h });
  for (const [a, b] of graph.edges) g.setEdge(a, b);
  dagre.layout(g);
  const size = g.graph();
  const nodes = new Map(graph.nodes.map(n => [n.id, { x: g.node(n.id).x, y: g.node(n.id).y }]));
  const edges = g.edges().map(e => (g.edge(e).points ?? []) as Point[]);
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges };
}

/**
 * Rank = longest path from a node without upstream (Kahn's order; nodes on a cycle, which a compiled workflow has
 * not, go last); within a rank, nodes sorted by the mean position of their upstream nodes; each rank centred; edges
 * straight from a node's right side to the next one's left side.
 */
export function layered(graph: Graph, w: number, h: number): Layout {
  const ids = graph.nodes.map(n => n.id);
  const up = new Map<string, string[]>(ids.map(id => [id, []]));
  const down = new Map<string, string[]>(ids.map(id => [id, []]));
  for (const [a, b] of graph.edges) { down.get(a)!.push(b); up.get(b)!.push(a); }
  const rank = new Map<string, number>();
  const waiting = new Map(ids.map(id => [id, up.get(id)!.length]));
  const queue = ids.filter(id => waiting.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    rank.set(id, Math.max(0, ...up.get(id)!.map(u => (rank.get(u) ?? -1) + 1)));
    for (const d of down.get(id)!) {
      waiting.set(d, waiting.get(d)! - 1);
      if (waiting.get(d) === 0) queue.push(d);
    }
  }
  const last = Math.max(0, ...rank.values()) + 1;
  for (const id of ids) if (!rank.has(id)) rank.set(id, last);

  const ranks: string[][] = [];
  for (const id of ids) (ranks[rank.get(id)!] ??= []).push(id);
  const slot = new Map<string, number>();
  for (const r of ranks) {
    if (!r) continue;
    const mean = (id: string) => {
      const placed = up.get(id)!.filter(u => slot.has(u)).map(u => slot.get(u)!);
      return placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : 0;
    };
    r.sort((a, b) => mean(a) - mean(b));
    r.forEach((id, i) => slot.set(id, i));
  }

  const tallest = Math.max(1, ...ranks.map(r => r?.length ?? 0));
  const nodes = new Map<string, Point>();
  ranks.forEach((r, ri) => r?.forEach((id, i) => nodes.set(id, {
    x: MARGIN + ri * (w + RANK_SEP) + w / 2,
    y: MARGIN + ((tallest - r.length) / 2 + i) * (h + NODE_SEP) + h / 2,
  })));
  const edges = graph.edges.map(([a, b]) => {
    const p = nodes.get(a)!, q = nodes.get(b)!;
    return [{ x: p.x + w / 2, y: p.y }, { x: q.x - w / 2, y: q.y }];
  });
  return { width: 2 * MARGIN + ranks.length * (w + RANK_SEP) - RANK_SEP,
    height: 2 * MARGIN + tallest * (h + NODE_SEP) - NODE_SEP, nodes, edges };
}
