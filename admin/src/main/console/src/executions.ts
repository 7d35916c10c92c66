// The executions of a project and domain: newest first, a page at a time with admin's token, filtered by phase. The
// filter, page size and token live in the URL (?phase=&limit=&token=), so every view is a link.
import { api, type Execution } from "./api";
import { h, replace } from "./dom";
import { executionPath, launchPlanPath } from "./routes";
import { markRendered } from "./perf";
import { formatDuration, formatTime, phaseClass } from "./phases";

const PAGE = 50;
const PHASES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"];

export async function executionsPage(app: HTMLElement, project: string, domain: string): Promise<void> {
  const params = new URLSearchParams(location.search);
  const phase = params.get("phase") ?? "";
  const token = params.get("token") ?? "";
  const limit = params.get("limit") ?? "";
  const filter = h("select", { id: "phase-filter", onchange: () => go({ phase: filter.value, limit }) },
    h("option", { value: "" }, "all phases"),
    ...PHASES.map(p => h("option", { value: p, selected: p === phase }, p)));
  const body = h("tbody");
  const pager = h("p", { class: "pager" });
  replace(app, h("h1", {}, `Executions of ${project} / ${domain}`),
    h("p", {}, h("label", {}, "Phase ", filter)),
    h("table", { class: "executions" },
      h("thead", {}, h("tr", {}, ...["Name", "Launch plan", "Workflow", "Phase", "Started", "Duration"]
        .map(c => h("th", {}, c)))), body),
    pager);

  const page = await api.executions(project, domain, { limit: Number(limit) || PAGE, token, phase });
  replace(body, ...page.executions.map(row));
  if (page.executions.length === 0) replace(body, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No executions")));
  markRendered("executions");
  replace(pager,
    token ? h("a", { href: link({ phase, limit }), id: "first-page" }, "« first page") : null, " ",
    page.token ? h("a", { href: link({ phase, limit, token: page.token }), id: "next-page" }, "next page »") : null);
}

function row(e: Execution): HTMLElement {
  const c = e.closure;
  return h("tr", { "data-execution": e.id.name },
    h("td", {}, h("a", { href: executionPath(e.id) }, e.id.name)),
    h("td", {}, e.spec.launch_plan ? h("a", { href: launchPlanPath(e.spec.launch_plan.project,
      e.spec.launch_plan.domain, e.spec.launch_plan.name), class: "launch-plan" }, e.spec.launch_plan.name) : ""),
    h("td", {}, c.workflow_id?.name ?? ""),
    h("td", {}, h("span", { class: `badge ${phaseClass(c.phase)}` }, c.phase)),
    h("td", {}, formatTime(c.started_at)),
    h("td", {}, formatDuration(c.duration)));
}

function link(q: Record<string, string | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) s.set(k, v);
  return location.pathname + (s.size ? "?" + s : "");
}

function go(q: Record<string, string>): void {
  location.assign(link(q));
}
