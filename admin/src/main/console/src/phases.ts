// Phase names as admin writes them (flyteidl.core.WorkflowExecution.Phase, NodeExecution.Phase), and which are final.

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT", "SKIPPED", "RECOVERED"]);

/** True when a workflow or node execution in this phase will not change again. */
export function isTerminal(phase: string | undefined): boolean {
  return phase !== undefined && TERMINAL.has(phase);
}

/** The CSS class that colours a phase (style.css: .phase-succeeded, .phase-running, ...). */
export function phaseClass(phase: string | undefined): string {
  return "phase-" + (phase ?? "UNDEFINED").toLowerCase().replace(/_/g, "-");
}

/** A protojson Timestamp ("2026-12-06T10:00:00.123Z") in the browser's locale, or "" when unset. */
export function formatTime(ts: string | null | undefined): string {
  return ts ? new Date(ts).toLocaleString() : "";
}

/** A protojson Duration ("12.345s") as "12.3 s" / "2 min 5 s", or "" when unset. */
export function formatDuration(d: string | null | undefined): string {
  if (!d) return "";
  const s = parseFloat(d);
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
