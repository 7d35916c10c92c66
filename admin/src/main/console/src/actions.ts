// The execution page's actions: Terminate while the execution is not terminal (after a confirm), Relaunch (same
// launch plan and inputs) once it is, Recover when it FAILED, and a link to the launch form pre-filled with its
// inputs. Relaunch and Recover open the new execution's page; after Terminate the page's polling shows ABORTED.
import { api, ApiError, type Execution, type ExecutionId } from "./api";
import { h, replace } from "./dom";
import { isTerminal } from "./phases";
import { executionPath, launchPlanPath } from "./routes";

/** Renders the actions for e's phase into bar; does nothing while the phase is the one already rendered. */
export function renderActions(bar: HTMLElement, e: Execution): void {
  const phase = e.closure.phase;
  if (bar.dataset.phase === phase) return;
  bar.dataset.phase = phase;
  const error = h("span", { class: "error", id: "action-error" });
  const lp = e.spec.launch_plan;
  replace(bar,
    !isTerminal(phase) ? button("terminate", "Terminate", error, async () => {
      if (!confirm(`Terminate execution ${e.id.name}?`)) return false;
      await api.terminate(e.id, "terminated from the console");
      return true;
    }) : null,
    isTerminal(phase) ? button("relaunch", "Relaunch", error, () => open(api.relaunch(e.id))) : null,
    phase === "FAILED" ? button("recover", "Recover", error, () => open(api.recover(e.id))) : null,
    lp ? h("a", { id: "action-launch-form", class: "action",
      href: `${launchPlanPath(lp.project, lp.domain, lp.name)}?from=${encodeURIComponent(e.id.name)}` },
      "Launch form…") : null,
    error);
}

/** A button running act; disabled while it runs (and after, if act says it is done), errors shown in error. */
function button(id: string, label: string, error: HTMLElement, act: () => Promise<boolean>): HTMLButtonElement {
  const b: HTMLButtonElement = h("button", { type: "button", id: `action-${id}`, class: "action", onclick: () => {
    b.disabled = true;
    replace(error);
    act().then(done => { b.disabled = done; }, (err: unknown) => {
      b.disabled = false;
      replace(error, err instanceof ApiError ? `${err.status}: ${err.message}` : String(err));
    });
  } }, label);
  return b;
}

async function open(created: Promise<{ id: ExecutionId }>): Promise<boolean> {
  location.assign(executionPath((await created).id));
  return true;
}
