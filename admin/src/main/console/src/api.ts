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
  closure: {
    phase: string; started_at?: string | null; duration?: string | null; error?: ExecutionError;
    created_at?: string | null; task_node_metadata?: TaskNodeMetadata | null; workflow_node_metadata?: { executionId?: ExecutionId } | null; // the proto names it executionId
  };
  metadata?: {
    spec_node_id?: string; is_parent_node?: boolean; retry_group?: string; is_dynamic?: boolean; is_array?: boolean;
  } | null;
}

export interface CompiledNode {
  id: string;
  metadata?: { name?: string } | null;
  upstream_node_ids?: string[];
  task_node?: unknown; branch_node?: unknown; gate_node?: unknown; array_node?: unknown;
  workflow_node?: { sub_workflow_ref?: Id | null; launchplan_ref?: Id | null } | null;
}

export interface CompiledWorkflow {
  template: { id: Id; nodes: CompiledNode[] };
  connections?: { downstream?: Record<string, { ids: string[] }> } | null;
}

/** A compiled workflow with the sub-workflows its workflow nodes refer to (by template id). */
export interface CompiledWorkflowClosure { primary: CompiledWorkflow; sub_workflows?: CompiledWorkflow[] | null }

export interface Workflow { id: Id; closure: { compiled_workflow: CompiledWorkflowClosure } }

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

export interface NodeData {
  full_inputs?: LiteralMap | null; full_outputs?: LiteralMap | null;
  /** What a dynamic node yielded. */
  dynamic_workflow?: { compiled_workflow?: CompiledWorkflowClosure | null } | null;
}

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

// --- Nested nodes, attempts, cache and logs (console issue 19: graph, timeline, node panel) ---

/** flyteidl.admin.TaskNodeMetadata: the cache outcome of a task node and the catalog entry it read or wrote. */
export interface TaskNodeMetadata {
  cache_status?: string;
  catalog_key?: { source_task_execution?: { node_execution_id?: { execution_id?: ExecutionId } } | null } | null;
}

export interface TaskLog { uri: string; name: string }

/** One subtask of a map task (flyteidl.event.ExternalResourceInfo). */
export interface ExternalResource { index?: number; retry_attempt?: number; phase: string }

/** One attempt of a task node (flyteidl.admin.TaskExecution). */
export interface TaskExecution {
  id: { retry_attempt?: number };
  closure: {
    phase: string; started_at?: string | null; duration?: string | null; error?: ExecutionError;
    logs?: TaskLog[] | null; metadata?: { external_resources?: ExternalResource[] | null } | null;
  };
}

async function allPages<T>(path: string, key: string, query: Record<string, string> = {}): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await get<Record<string, unknown>>(path, { ...query, limit: "500", token });
    all.push(...(page[key] as T[] ?? []));
    token = (page.token as string) || undefined;
  } while (token);
  return all;
}

export const nodeApi = {
  /** The child node executions of a parent node execution (a sub-workflow's, branch's or dynamic node's). */
  children: (id: ExecutionId, parentNodeId: string) => allPages<NodeExecution>(
      `node_executions/${seg(id.project, id.domain, id.name)}`, "node_executions", { unique_parent_id: parentNodeId }),

  /** A node execution's task attempts, oldest first. */
  attempts: async (id: ExecutionId, nodeId: string) => (await allPages<TaskExecution>(
      `task_executions/${seg(id.project, id.domain, id.name, nodeId)}`, "task_executions"))
      .sort((a, b) => (a.id.retry_attempt ?? 0) - (b.id.retry_attempt ?? 0)),
};
// --- end of nested nodes block ---

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
  nodeExecutions: (id: ExecutionId) => allPages<NodeExecution>(
      `node_executions/${seg(id.project, id.domain, id.name)}`, "node_executions"),

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
