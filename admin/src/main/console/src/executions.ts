// The executions of a project and domain: newest first unless a column orders them, a page at a time with admin's
// token, filtered by phase, workflow, launch plan and creation time. The choice, page size and token live in the URL
// (?phase=&workflow=&lp=&since=&sort=&dir=&limit=&token=), so every view is a link.
import { api, type Execution } from "./api";
import { h, replace } from "./dom";
import { executionPath, launchPlanPath } from "./routes";
import { markRendered } from "./perf";
import { formatDuration, formatTime, phaseClass } from "./phases";

const PAGE = 50;
const PHASES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"];
/** The columns, each with the sort key admin orders it by (none: not sortable). */
const COLUMNS: [string, string | undefined][] = [["Name", "name"], ["Launch plan", undefined],
  ["Workflow", undefined], ["Phase", "phase"], ["Started", "started_at"], ["Duration", "duration"]];
/** The URL parameters that choose what is listed (a page token belongs to one choice, so it is not among them). */
const CHOICE = ["phase", "workflow", "lp", "since", "sort", "dir", "limit"] as const;

export async function executionsPage(app: HTMLElement, project: string, domain: string): Promise<void> {
  const params = new URLSearchParams(location.search);
  const q = Object.fromEntries(CHOICE.map(k => [k, params.get(k) ?? ""])) as Record<(typeof CHOICE)[number], string>;
  const token = params.get("token") ?? "";
  const field = (name: string, attrs: Record<string, string>) =>
    h("input", { id: `${name}-filter`, name, value: q[name as keyof typeof q], ...attrs });
  const phase = h("select", { id: "phase-filter", name: "phase", onchange: () => form.requestSubmit() },
    h("option", { value: "" }, "all phases"),
    ...PHASES.map(p => h("option", { value: p, selected: p === q.phase }, p)));
  const form = h("form", { class: "filters", id: "filters", onsubmit: (e: Event) => {
    e.preventDefault();
    const data = new FormData(form);
    go({ ...q, phase: String(data.get("phase") ?? ""), workflow: String(data.get("workflow") ?? "").trim(),
      lp: String(data.get("lp") ?? "").trim(), since: String(data.get("since") ?? "") });
  } },
    h("label", {}, "Phase ", phase),
    h("label", {}, "Workflow ", field("workflow", { type: "text", placeholder: "name" })),
    h("label", {}, "Launch plan ", field("lp", { type: "text", placeholder: "name" })),
    h("label", {}, "Created since ", field("since", { type: "datetime-local" })),
    h("button", { type: "submit" }, "Apply"));
  const body = h("tbody");
  const pager = h("p", { class: "pager" });
  replace(app, h("h1", {}, `Executions of ${project} / ${domain}`), form,
    h("table", { class: "executions" },
      h("thead", {}, h("tr", {}, ...COLUMNS.map(([title, key]) => h("th", {}, key ? sortLink(q, title, key) : title)))),
      body),
    pager);

  const page = await api.executions(project, domain, { limit: Number(q.limit) || PAGE, token, phase: q.phase,
    workflow: q.workflow, launchPlan: q.lp, since: q.since ? new Date(q.since).toISOString() : undefined,
    sortKey: q.sort || undefined, sortDirection: q.sort ? (q.dir === "asc" ? "ASCENDING" : "DESCENDING") : undefined });
  replace(body, ...page.executions.map(row));
  if (page.executions.length === 0) replace(body, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No executions")));
  markRendered("executions");
  replace(pager,
    token ? h("a", { href: link(q), id: "first-page" }, "« first page") : null, " ",
    page.token ? h("a", { href: link({ ...q, token: page.token }), id: "next-page" }, "next page »") : null);
}

/** A column title that orders the list by key: newest/largest first, then, clicked again, the other way. */
function sortLink(q: Record<string, string>, title: string, key: string): HTMLElement {
  const current = q.sort === key;
  const dir = current && q.dir !== "asc" ? "asc" : "desc";
  return h("a", { href: link({ ...q, sort: key, dir }), class: "sort", "data-sort": key,
    "data-active": current ? (q.dir === "asc" ? "asc" : "desc") : undefined },
    title, current ? (q.dir === "asc" ? " ▲" : " ▼") : "");
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

function go(q: Record<string, string | undefined>): void {
  location.assign(link(q));
}
