// The console's paths, under /console: the ones flytekit prints and flyteconsole uses.
import type { ExecutionId } from "./api";

export type Route =
  | { page: "projects" }
  | { page: "executions"; project: string; domain: string }
  | { page: "execution"; id: ExecutionId }
  | { page: "launchplans"; project: string; domain: string }
  | { page: "launchplan"; project: string; domain: string; name: string }
  | { page: "unknown" };

/** The route of a location pathname. */
export function parse(pathname: string): Route {
  const parts = pathname.replace(/^\/console\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "projects")) return { page: "projects" };
  if (parts[0] !== "projects" || parts[2] !== "domains") return { page: "unknown" };
  const [, project, , domain, what, name] = parts;
  if (parts.length === 4 || (parts.length === 5 && what === "executions")) {
    return { page: "executions", project, domain };
  }
  if (parts.length === 6 && what === "executions") return { page: "execution", id: { project, domain, name } };
  if (parts.length === 5 && what === "launchplans") return { page: "launchplans", project, domain };
  if (parts.length === 6 && what === "launchplans") return { page: "launchplan", project, domain, name };
  return { page: "unknown" };
}

export function executionsPath(project: string, domain: string): string {
  return `/console/projects/${encodeURIComponent(project)}/domains/${encodeURIComponent(domain)}/executions`;
}

export function executionPath(id: ExecutionId): string {
  return `${executionsPath(id.project, id.domain)}/${encodeURIComponent(id.name)}`;
}

export function launchPlansPath(project: string, domain: string): string {
  return `/console/projects/${encodeURIComponent(project)}/domains/${encodeURIComponent(domain)}/launchplans`;
}

export function launchPlanPath(project: string, domain: string, name: string): string {
  return `${launchPlansPath(project, domain)}/${encodeURIComponent(name)}`;
}
