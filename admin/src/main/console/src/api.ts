// admin's HTTP/JSON gateway (the grpc-gateway paths flyteconsole uses), asked for protojson with the proto field
// names (Accept: application/json). Only the fields the console reads are typed here.

import { authorizedFetch } from "./auth";

export interface Id { project: string; domain: string; name: string; version?: string }
export interface ExecutionId { project: string; domain: string; name: string }
export interface ExecutionError { code?: string; message?: string; kind?: string }

export interface Execution {
  id: ExecutionId;
  spec: { launch_plan?: Id | null };
  closure: {
    phase: string; started_at?: string | null; duration?: string | null; created_at?: string | null;
    updated_at?: string | null; workflow_id?: Id | null; error?: ExecutionError;
  };
}

export interface NodeExecution {
  id: { node_id: string; execution_id: ExecutionId };
  closure: { phase: string; started_at?: string | null; duration?: string | null; error?: ExecutionError };
  metadata?: { spec_node_id?: string; is_parent_node?: boolean; retry_group?: string } | null;
}

export interface CompiledNode {
  id: string;
  metadata?: { name?: string } | null;
  upstream_node_ids?: string[];
  task_node?: unknown; workflow_node?: unknown; branch_node?: unknown; gate_node?: unknown; array_node?: unknown;
}

export interface CompiledWorkflow {
  template: { id: Id; nodes: CompiledNode[] };
  connections?: { downstream?: Record<string, { ids: string[] }> } | null;
}

export interface Workflow { id: Id; closure: { compiled_workflow: { primary: CompiledWorkflow } } }

/** flyteidl.core.Literal as protojson writes it; one of scalar, collection, map (or an offloaded literal). */
export interface Literal {
  scalar?: Scalar; collection?: { literals: Literal[] }; map?: { literals: Record<string, Literal> };
  offloaded_metadata?: { uri: string; size_bytes: string };
}
export interface Scalar {
  primitive?: { integer?: string; float_value?: number; string_value?: string; boolean?: boolean; datetime?: string;
    duration?: string };
  none_type?: object; blob?: { uri: string }; binary?: { value: string; tag: string };
  structured_dataset?: { uri: string }; generic?: unknown; error?: { message: string }; union?: { value: Literal };
  schema?: { uri: string };
}
export interface LiteralMap { literals: Record<string, Literal> }

export interface NodeData { full_inputs?: LiteralMap | null; full_outputs?: LiteralMap | null }

/** What the executions list asks for: a page, filters (each optional) and an order. */
export interface ExecutionQuery {
  limit: number; token?: string; phase?: string; workflow?: string; launchPlan?: string;
  /** RFC 3339: only executions created at or after it. */
  since?: string;
  sortKey?: string; sortDirection?: "ASCENDING" | "DESCENDING";
}

/** admin's filter expression for a query: its conditions joined with "+" (all must hold), or undefined. */
export function executionFilters(q: ExecutionQuery): string | undefined {
  const all = [
    q.phase && `eq(phase,${q.phase})`,
    q.workflow && `eq(workflow.name,${q.workflow})`,
    q.launchPlan && `eq(launch_plan.name,${q.launchPlan})`,
    q.since && `gte(created_at,${q.since})`,
  ].filter(Boolean);
  return all.length ? all.join("+") : undefined;
}

/** An answer other than 2xx, with the status message admin sent. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  const url = `/api/v1/${path}${q.size ? "?" + q : ""}`;
  return answer<T>(await authorizedFetch(url, { Accept: "application/json" })); // signs in on 401 (auth.ts)
}

/** The JSON body of a 2xx answer; an ApiError with admin's message otherwise. */
async function answer<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}

const seg = (...parts: string[]) => parts.map(encodeURIComponent).join("/");

export const api = {
  projects: () => get<{ projects: { id: string; name: string; domains: { id: string; name: string }[] }[] }>(
      "projects"),

  /** One page of a project/domain's executions, newest first; phase filters by phase when set. */
  executions: (project: string, domain: string, opts: ExecutionQuery) =>
    get<{ executions: Execution[]; token: string }>(`executions/${seg(project, domain)}`, {
      limit: String(opts.limit), token: opts.token, filters: executionFilters(opts),
      "sort_by.key": opts.sortKey ?? "created_at", "sort_by.direction": opts.sortDirection ?? "DESCENDING",
    }),

  execution: (id: ExecutionId) => get<Execution>(`executions/${seg(id.project, id.domain, id.name)}`),

  /** The execution's top-level node executions (all pages). */
  async nodeExecutions(id: ExecutionId): Promise<NodeExecution[]> {
    const all: NodeExecution[] = [];
    let token: string | undefined;
    do {
      const page = await get<{ node_executions: NodeExecution[]; token: string }>(
          `node_executions/${seg(id.project, id.domain, id.name)}`, { limit: "500", token });
      all.push(...page.node_executions);
      token = page.token || undefined;
    } while (token);
    return all;
  },

  workflow: (id: Id) => get<Workflow>(`workflows/${seg(id.project, id.domain, id.name, id.version ?? "")}`),

  nodeData: (id: ExecutionId, nodeId: string) =>
    get<NodeData>(`data/node_executions/${seg(id.project, id.domain, id.name, nodeId)}`),

  // --- launch plans and writes (launch.ts, actions.ts, gates.ts) ---
  /** The names of a project/domain's launch plans, by name. */
  launchPlanNames: (project: string, domain: string) =>
    get<{ entities: { name: string }[] }>(`launch_plan_ids/${seg(project, domain)}`, {
      limit: "500", "sort_by.key": "name", "sort_by.direction": "ASCENDING" }),

  /** The newest version of a launch plan (undefined if it has none). */
  latestLaunchPlan: (project: string, domain: string, name: string) =>
    get<{ launch_plans: LaunchPlan[] }>(`launch_plans/${seg(project, domain, name)}`, {
      limit: "1", "sort_by.key": "created_at", "sort_by.direction": "DESCENDING" }).then(r => r.launch_plans[0]),

  executionData: (id: ExecutionId) => get<{ full_inputs?: LiteralMap | null }>(
    `data/executions/${seg(id.project, id.domain, id.name)}`),

  /** CreateExecution of a launch plan with these inputs; admin names the execution. */
  createExecution: (lp: Id, inputs: LiteralMap) => send<{ id: ExecutionId }>("POST", "executions", {
    project: lp.project, domain: lp.domain, inputs,
    spec: { launch_plan: { resource_type: "LAUNCH_PLAN", ...lp }, metadata: { mode: "MANUAL" } },
  }),

  terminate: (id: ExecutionId, cause: string) =>
    send<object>("DELETE", `executions/${seg(id.project, id.domain, id.name)}`, { cause }),

  relaunch: (id: ExecutionId) => send<{ id: ExecutionId }>("POST", "executions/relaunch", { id }),

  recover: (id: ExecutionId) => send<{ id: ExecutionId }>("POST", "executions/recover", { id }),

  setSignal: (execution: ExecutionId, signalId: string, value: Literal) => send<object>("POST", "signals", {
    id: { execution_id: execution, signal_id: signalId }, value }),
};

// --- launch plans and writes ---
/** flyteidl.core.LiteralType as protojson writes it (unset message fields are null). */
export interface LiteralType {
  simple?: string; collection_type?: LiteralType | null; map_value_type?: LiteralType | null;
  enum_type?: { values: string[] } | null; union_type?: unknown; blob?: unknown; structured_dataset_type?: unknown;
}
export interface Parameter {
  var: { type: LiteralType; description?: string }; default?: Literal | null; required?: boolean;
}
export interface LaunchPlan {
  id: Id;
  spec: { workflow_id: Id; default_inputs?: { parameters: Record<string, Parameter> } | null };
  closure: { state?: string; expected_inputs?: { parameters: Record<string, Parameter> } | null };
}

/** A write through the gateway's POST/PUT/DELETE bindings (body "*"): JSON in, JSON out. */
async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  return answer<T>(await authorizedFetch(`/api/v1/${path}`,
    { Accept: "application/json", "Content-Type": "application/json" }, { method, body: JSON.stringify(body) }));
}
