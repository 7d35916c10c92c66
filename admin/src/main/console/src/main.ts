// The console's entry: picks the page for the URL (admin serves index.html for every /console path).
import "./style.css";
import { api, ApiError } from "./api";
import { h, replace } from "./dom";
import { executionPage } from "./execution";
import { executionsPage } from "./executions";
import { launchPlanPage, launchPlansPage } from "./launch";
import { executionsPath, launchPlansPath, parse } from "./routes";

async function projectsPage(app: HTMLElement): Promise<void> {
  const { projects } = await api.projects();
  replace(app, h("h1", {}, "Projects"), h("ul", { class: "projects" }, ...projects.map(p =>
    h("li", {}, h("strong", {}, p.name || p.id), " ",
      ...p.domains.map(d => h("span", { class: "domain" },
        h("a", { href: executionsPath(p.id, d.id) }, d.name || d.id), " (",
        h("a", { href: launchPlansPath(p.id, d.id), class: "launch-plans" }, "launch plans"), ")"))))));
}

async function render(app: HTMLElement): Promise<void> {
  const route = parse(location.pathname);
  const crumbs = document.getElementById("crumbs")!;
  switch (route.page) {
    case "projects":
      return projectsPage(app);
    case "executions":
      replace(crumbs, ` / ${route.project} / ${route.domain}`);
      return executionsPage(app, route.project, route.domain);
    case "execution":
      replace(crumbs, " / ", h("a", { href: executionsPath(route.id.project, route.id.domain) },
        `${route.id.project} / ${route.id.domain}`), ` / ${route.id.name}`);
      return executionPage(app, route.id);
    case "launchplans":
      replace(crumbs, ` / ${route.project} / ${route.domain} / launch plans`);
      return launchPlansPage(app, route.project, route.domain);
    case "launchplan":
      replace(crumbs, " / ", h("a", { href: launchPlansPath(route.project, route.domain) },
        `${route.project} / ${route.domain} / launch plans`), ` / ${route.name}`);
      return launchPlanPage(app, route.project, route.domain, route.name);
    default:
      replace(app, h("h1", {}, "Not found"), h("p", {}, "No console page at ", location.pathname));
  }
}

const app = document.getElementById("app")!;
render(app).catch((e: unknown) => {
  const message = e instanceof ApiError ? `${e.status}: ${e.message}` : String(e);
  app.append(h("p", { class: "error", id: "page-error" }, message));
});
