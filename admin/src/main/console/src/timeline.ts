// The timeline under the graph: one row per top-level node execution in start order, its bar from started_at to
// started_at + duration (to now while it runs), coloured by phase, on one time axis from the first start to the
// last end. A node that never reported RUNNING (start-node, end-node, a cache hit) has no started_at: its bar is the
// instant of its first event (created_at). Redrawn on every poll.
import type { NodeExecution } from "./api";
import { h, replace } from "./dom";
import { formatDuration, isTerminal, phaseClass } from "./phases";

interface Span { node: NodeExecution; start?: number; end?: number }

/** Draws nodes' timeline into box; now is the time a running node's bar ends at. */
export function renderTimeline(box: HTMLElement, nodes: NodeExecution[], now: number): void {
  const spans: Span[] = nodes.map(node => {
    const c = node.closure;
    const from = c.started_at ?? c.created_at;
    if (!from) return { node };
    const start = Date.parse(from);
    const end = isTerminal(c.phase) ? start + parseFloat(c.duration ?? "0") * 1000 : Math.max(now, start);
    return { node, start, end };
  });
  spans.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity)
    || a.node.id.node_id.localeCompare(b.node.id.node_id));
  const started = spans.filter(s => s.start !== undefined);
  const t0 = Math.min(...started.map(s => s.start!));
  const total = Math.max(1, Math.max(...started.map(s => s.end!)) - t0);
  replace(box, h("h2", {}, "Timeline"), spans.length === 0 ? h("p", { class: "muted" }, "No node has run yet.")
    : h("div", { class: "timeline" }, ...spans.map(s => row(s, t0, total))));
}

function row(s: Span, t0: number, total: number): HTMLElement {
  const phase = s.node.closure.phase;
  const label = h("span", { class: "label" }, s.node.id.node_id);
  const track = h("div", { class: "track" });
  if (s.start !== undefined) {
    const left = ((s.start - t0) / total) * 100;
    const width = Math.max(0.5, ((s.end! - s.start) / total) * 100);
    track.append(h("div", { class: `bar ${phaseClass(phase)}`, "data-phase": phase, "data-start": s.start,
      style: `left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%`,
      title: `${s.node.id.node_id} ${phase} ${formatDuration(s.node.closure.duration)}` }));
  }
  return h("div", { class: "timeline-row", "data-node-id": s.node.id.node_id }, label, track);
}
