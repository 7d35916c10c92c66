// Launch plans: a project/domain's list, and one launch plan's page with a form generated from its typed inputs
// (the newest version's closure.expected_inputs, defaults pre-filled, required ones marked). The form checks each
// value against its type before anything is sent; a valid form is CreateExecution, and the new execution's page
// opens. ?from=<execution> pre-fills the form with that execution's inputs instead of the defaults.
import { api, ApiError, type Literal, type LaunchPlan, type Parameter } from "./api";
import { h, replace } from "./dom";
import { FieldError, inputField, type InputField } from "./inputs";
import { executionPath, launchPlanPath } from "./routes";

export async function launchPlansPage(app: HTMLElement, project: string, domain: string): Promise<void> {
  const { entities } = await api.launchPlanNames(project, domain);
  replace(app, h("h1", {}, `Launch plans of ${project} / ${domain}`),
    entities.length === 0 ? h("p", { class: "muted" }, "No launch plans registered.") :
      h("ul", { class: "launch-plans" }, ...entities.map(e =>
        h("li", {}, h("a", { href: launchPlanPath(project, domain, e.name) }, e.name)))));
}

export async function launchPlanPage(app: HTMLElement, project: string, domain: string, name: string):
    Promise<void> {
  const lp = await api.latestLaunchPlan(project, domain, name);
  if (!lp) throw new ApiError(404, `launch plan ${name} has no version in ${project}/${domain}`);
  const from = new URLSearchParams(location.search).get("from");
  const previous = from ? (await api.executionData({ project, domain, name: from })).full_inputs?.literals : undefined;
  const parameters = lp.closure.expected_inputs?.parameters ?? lp.spec.default_inputs?.parameters ?? {};
  const fields = Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b))
    .map(([n, p]) => field(n, p, previous?.[n]));
  const error = h("p", { class: "error", id: "launch-error" });
  const submit = h("button", { type: "submit", id: "launch-submit" }, "Launch");
  const form = h("form", { id: "launch-form", novalidate: true }, ...fields.map(f => f.row),
    h("p", {}, submit), error);
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    void launch(lp, fields, submit, error);
  });
  replace(app, h("h1", {}, `Launch ${name}`),
    h("dl", { class: "facts" },
      h("dt", {}, "Version"), h("dd", { id: "launch-plan-version" }, lp.id.version ?? ""),
      h("dt", {}, "Workflow"), h("dd", {}, lp.spec.workflow_id.name),
      h("dt", {}, "State"), h("dd", {}, lp.closure.state ?? ""),
      from ? h("dt", {}, "Inputs from") : null, from ? h("dd", {}, from) : null),
    fields.length === 0 ? h("p", { class: "muted" }, "This launch plan takes no inputs.") : null,
    form);
}

function field(name: string, p: Parameter, previous: Literal | undefined): InputField {
  return inputField(name, { type: p.var.type, default: previous ?? p.default, required: p.required === true,
    description: p.var.description });
}

async function launch(lp: LaunchPlan, fields: InputField[], submit: HTMLButtonElement, error: HTMLElement) {
  replace(error);
  const literals: Record<string, Literal> = {};
  let valid = true;
  for (const f of fields) {
    try {
      const lit = f.read();
      if (lit) literals[f.name] = lit;
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      valid = false;
    }
  }
  if (!valid) return;
  submit.disabled = true;
  try {
    const { id } = await api.createExecution(lp.id, { literals });
    location.assign(executionPath(id));
  } catch (e) {
    replace(error, e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
    submit.disabled = false;
  }
}
