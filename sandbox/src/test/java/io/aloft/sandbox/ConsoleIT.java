package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console (ADR 0013) in a real browser, on the local stack with the real flytekit: the link {@code pyflyte
 * run --remote} prints opens the execution page, whose graph shows the workflow's nodes and recolours them as their
 * phases move to SUCCEEDED with no reload; a clicked node shows its outputs by type. The executions list pages with
 * admin's token, newest first, and filters by phase. A workflow of nested nodes ({@code proj/nested.py}): its
 * sub-workflow opens into its own graph coloured by its nodes' phases, its map task into per-index phases and counts;
 * the timeline has one bar per node execution in start order; the node panel lists a task's attempts with their log
 * links, and a cached task's status, CACHE_POPULATED then CACHE_HIT (naming the first run) on a second run. Task pods
 * run real Python (the local pod runner). Screenshots go to target/console-screenshots (docs/images has copies for
 * docs/quickstart.md).
 */
class ConsoleIT {
  private static final Pattern LINK = Pattern.compile("Go to (\\S+) to see execution in the console");
  private static final List<String> FLAT_NODES = List.of("n0", "n1", "n2", "n3");
  /** nested.py's nested_wf: the sub-workflow, the map task, the cached task. */
  private static final List<String> NESTED_NODES = List.of("n0", "n1", "n2");

  static ConsoleSession console;
  static RunningStack running;
  static LocalStack stack;
  static Path project;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    console = ConsoleSession.start("aloft-console");
    browser = console.browser;
    running = console.running;
    stack = running.stack();
    project = Pyflyte.sampleProject(Files.createTempDirectory("aloft-console-project"), stack);
    Files.copy(Path.of("src/test/resources/pyflyte-project/proj/nested.py"), project.resolve("proj/nested.py"));
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void theLinkPyflytePrintsShowsTheRunLiveThenANodesOutputs() throws Exception {
    String out = pyflyteRun("console-run", "flat", "--x", "3", "--xs", "[1, 2]", "--name", "aloft");
    Matcher m = LINK.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(1)).isEqualTo(stack.consoleEndpoint()
        + "/console/projects/flytesnacks/domains/development/executions/console-run");

    browser.get(m.group(1));
    browser.executeScript("window.aloftNotReloaded = true");
    await().atMost(Duration.ofSeconds(30)).until(() -> nodePhases().keySet().containsAll(FLAT_NODES));
    assertThat(nodePhases()).containsKeys("start-node", "end-node");
    screenshot("console-execution-running");

    // the phases each node showed while the page stayed open
    Map<String, Set<String>> seen = new TreeMap<>();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Map<String, String> now = nodePhases();
      now.forEach((node, phase) -> seen.computeIfAbsent(node, k -> new HashSet<>()).add(phase));
      return FLAT_NODES.stream().allMatch(n -> "SUCCEEDED".equals(now.get(n)))
          && "SUCCEEDED".equals(attribute("#execution-phase", "data-phase"));
    });
    assertThat(FLAT_NODES).as("phases seen: %s", seen)
        .anyMatch(n -> seen.get(n).stream().anyMatch(p -> !p.equals("SUCCEEDED")));
    assertThat(browser.executeScript("return window.aloftNotReloaded === true")).as("no reload").isEqualTo(true);
    assertThat(browser.findElement(By.cssSelector("svg.graph g.node[data-node-id='n3'] rect"))
        .getCssValue("fill")).as("SUCCEEDED's colour").isEqualTo("rgb(185, 230, 195)");
    screenshot("console-execution");

    // greet's output: a string
    node("n3").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> outputs().containsKey("o0"));
    assertThat(attribute("#node-phase", "data-phase")).isEqualTo("SUCCEEDED");
    assertThat(outputs()).containsEntry("o0", "string \"hello aloft x4\"");
    // append's output: a collection of integers, and its inputs
    node("n2").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> outputs().getOrDefault("o0", "").startsWith("collection"));
    assertThat(browser.findElements(By.cssSelector("#node-outputs tr[data-name='o0'] ol.collection > li")))
        .extracting(WebElement::getText).containsExactly("1", "2", "6");
    assertThat(browser.findElements(By.cssSelector("#node-outputs tr[data-name='o0'] code.literal")))
        .extracting(e -> e.getDomAttribute("data-kind")).containsOnly("integer");
    assertThat(browser.findElement(By.cssSelector("#node-inputs tr[data-name='v'] code")).getText()).isEqualTo("6");
    screenshot("console-node-panel");
  }

  @Test
  void theExecutionsListIsNewestFirstPagedFilteredAndSorted() throws Exception {
    pyflyteRun("console-list-a", "pipeline", "--x", "4");
    pyflyteRun("console-list-b", "pipeline", "--x", "5");
    for (String name : List.of("console-list-a", "console-list-b")) {
      WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks")
          .setDomain("development").setName(name).build();
      assertThat(Flows.await(running.admin(), id, Duration.ofMinutes(3))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    }
    String list = stack.consoleEndpoint() + "/console/projects/flytesnacks/domains/development/executions";

    browser.get(list + "?limit=1");
    assertThat(awaitRows()).containsExactly("console-list-b");
    assertThat(browser.findElement(By.cssSelector("tr[data-execution='console-list-b']")).getText())
        .contains("pipeline", "SUCCEEDED");
    browser.findElement(By.id("next-page")).click();
    assertThat(awaitRows()).containsExactly("console-list-a");

    browser.get(list);
    assertThat(awaitRows()).containsSubsequence("console-list-b", "console-list-a");
    screenshot("console-executions");
    phaseFilter("FAILED");
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("?phase=FAILED"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("td.muted")).isEmpty());
    assertThat(rows()).isEmpty();
    phaseFilter("SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("?phase=SUCCEEDED"));
    assertThat(awaitRows()).contains("console-list-a", "console-list-b");

    // the workflow filter, typed in as a user would; then launch plan, creation time and a column's order
    String workflow = (String) browser.executeScript(
        "return document.querySelector(\"tr[data-execution='console-list-a']\").children[2].textContent");
    assertThat(workflow).endsWith("pipeline");
    browser.get(list);
    awaitRows();
    browser.findElement(By.id("workflow-filter")).sendKeys(workflow + "\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("workflow="));
    assertThat(awaitRows()).contains("console-list-a", "console-list-b").allSatisfy(name -> assertThat(
        browser.executeScript("return document.querySelector(\"tr[data-execution='\" + arguments[0] + \"']\")"
            + ".children[2].textContent", name)).isEqualTo(workflow));
    browser.get(list + "?workflow=no.such.workflow");
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("td.muted")).isEmpty());
    assertThat(rows()).isEmpty();
    browser.get(list + "?lp=" + workflow);
    assertThat(awaitRows()).contains("console-list-a", "console-list-b");
    browser.get(list + "?since=2999-01-01T00:00");
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("td.muted")).isEmpty());
    assertThat(rows()).isEmpty();
    browser.get(list + "?since=2000-01-01T00:00");
    assertThat(awaitRows()).contains("console-list-a", "console-list-b");
    browser.get(list + "?workflow=" + workflow);
    awaitRows();
    browser.findElement(By.cssSelector("th a[data-sort='name']")).click(); // first click: Z to A
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("sort=name"));
    assertThat(awaitRows()).containsSubsequence("console-list-b", "console-list-a");
    browser.findElement(By.cssSelector("th a[data-sort='name']")).click(); // again: A to Z
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("dir=asc"));
    assertThat(awaitRows()).containsSubsequence("console-list-a", "console-list-b");
    assertThat(attribute("th a[data-sort='name']", "data-active")).isEqualTo("asc");

    browser.findElement(By.linkText("console-list-a")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(attribute("#execution-phase", "data-phase")));
    assertThat(browser.getCurrentUrl()).endsWith("/executions/console-list-a");
  }

  @Test
  void aSubWorkflowAndAMapTaskOpenInTheGraphAndTheTimelineHasABarPerNode() throws Exception {
    runToSuccess("console-nested", "nested_wf", "--x", "3", "--xs", "[1, 2, 3]");
    browser.get(executionUrl("console-nested"));
    await().atMost(Duration.ofSeconds(30)).until(() -> NESTED_NODES.stream()
        .allMatch(n -> "SUCCEEDED".equals(nodePhases().get(n))));

    // the sub-workflow (steps: add_one twice) opens into its own graph, coloured by its children's phases
    expand("n0");
    await().atMost(Duration.ofSeconds(10)).until(() -> nodePhases("n0").keySet().containsAll(List.of("n0", "n1")));
    assertThat(nodePhases("n0")).containsEntry("n0", "SUCCEEDED").containsEntry("n1", "SUCCEEDED");
    // a child opens in the node panel under its unique id, with its output
    browser.findElement(By.cssSelector("section.nested[data-parent='n0'] g.node[data-node-id='n1']")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> outputs().containsKey("o0"));
    assertThat(browser.findElement(By.cssSelector("#node-panel h2")).getText()).startsWith("n0-0-n1");
    assertThat(outputs()).containsEntry("o0", "integer 5");

    // the map task (square over [1, 2, 3]) opens into its subtasks: one phase per index, and counts by phase
    expand("n1");
    await().atMost(Duration.ofSeconds(10)).until(() -> !mapIndices("n1").isEmpty());
    assertThat(mapIndices("n1")).containsExactly(Map.entry("0", "SUCCEEDED"), Map.entry("1", "SUCCEEDED"),
        Map.entry("2", "SUCCEEDED"));
    assertThat(attribute("section.nested[data-parent='n1'] .map-counts [data-phase='SUCCEEDED']", "data-count"))
        .isEqualTo("3");

    // the timeline: one row per node execution (every node the graph colours), each with a bar, in start order
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.executeScript(
        "return [...document.querySelectorAll('#timeline .timeline-row')].map(r => { const b = r.querySelector('.bar');"
        + " return { id: r.dataset.nodeId, start: b ? Number(b.dataset.start) : null,"
        + " phase: b ? b.dataset.phase : null }; })");
    Set<String> ran = new HashSet<>(nodePhases().entrySet().stream().filter(e -> !"UNDEFINED".equals(e.getValue()))
        .map(Map.Entry::getKey).toList());
    assertThat(rows).extracting(r -> (String) r.get("id")).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ran).containsAll(NESTED_NODES);
    assertThat(rows).allSatisfy(r -> assertThat(r.get("start")).as("bar of %s", r.get("id")).isNotNull());
    assertThat(rows).extracting(r -> ((Number) r.get("start")).longValue()).isSorted();
    assertThat(rows).filteredOn(r -> NESTED_NODES.contains(r.get("id"))).extracting(r -> r.get("phase"))
        .containsOnly("SUCCEEDED");
    screenshot("console-nested-graph");
    browser.executeScript("document.getElementById('timeline').scrollIntoView()");
    screenshot("console-timeline");
  }

  @Test
  void theNodePanelListsAttemptsWithLogLinksAndTheCacheStatusOfTwoRuns() throws Exception {
    runAndOpenCachedTask("console-cache-a");
    assertThat(attribute("#node-cache", "data-cache")).isEqualTo("CACHE_POPULATED");
    // one attempt, with its duration and the local pod runner's log link, opening in a new tab
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts().size() == 1);
    assertThat(attempts().getFirst()).containsEntry("attempt", "0").containsEntry("phase", "SUCCEEDED");
    assertThat((String) attempts().getFirst().get("duration")).matches("\\d+\\.\\d s");
    WebElement log = browser.findElement(By.cssSelector("#node-attempts tr.attempt ul.logs a"));
    assertThat(log.getText()).isEqualTo("Local Pod Logs (User)");
    assertThat(log.getDomAttribute("href")).startsWith("file://").endsWith("/log.txt");
    assertThat(log.getDomAttribute("target")).isEqualTo("_blank");
    screenshot("console-node-attempts");

    // the same input again: the cached task takes the first run's output
    runAndOpenCachedTask("console-cache-b");
    assertThat(attribute("#node-cache", "data-cache")).isEqualTo("CACHE_HIT");
    assertThat(outputs()).containsEntry("o0", "integer 14");
    assertThat(browser.findElement(By.id("node-cache-source")).getText()).isEqualTo("console-cache-a");
    // a task not cached has attempts and no cache badge
    browser.findElement(By.cssSelector("svg.graph g.node[data-node-id='n1']")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts().size() == 1);
    assertThat(browser.findElements(By.id("node-cache"))).isEmpty();
  }

  @Test
  void aDynamicNodeABranchAndALaunchPlanNodeOpenTheirChildren() throws Exception {
    runToSuccess("console-kinds", "kinds_wf", "--x", "2");
    browser.get(executionUrl("console-kinds"));
    await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(attribute("#execution-phase", "data-phase"))
        && nodePhases().size() >= 6);
    Map<String, String> texts = nodeTexts();
    String fan = idOf(texts, ": fan");
    String branch = idOf(texts, "branch ·");
    String launchPlan = idOf(texts, "launch plan ·");

    // the dynamic node gets its expand control once it reports children, and opens into what it yielded: 2 nodes
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(
        By.cssSelector(".graph-box g.expand[data-expand='" + fan + "']")).isEmpty());
    expand(fan);
    await().atMost(Duration.ofSeconds(10)).until(() -> nodePhases(fan).entrySet().stream()
        .filter(e -> e.getKey().matches("dn\\d+") && e.getValue().equals("SUCCEEDED")).count() == 2);
    // the branch opens into the node it took (x=2 is big: add_one), with its phase
    expand(branch);
    await().atMost(Duration.ofSeconds(10)).until(() -> !nodePhases(branch).isEmpty());
    assertThat(nodePhases(branch)).hasSize(1).containsValue("SUCCEEDED");
    // the launch-plan node's panel links to its child execution, which opens
    node(launchPlan).click();
    String child = await().atMost(Duration.ofSeconds(10))
        .until(() -> attribute("#node-child-execution", "href"), java.util.Objects::nonNull);
    browser.findElement(By.id("node-child-execution")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith(child)
        && "SUCCEEDED".equals(attribute("#execution-phase", "data-phase")));
    assertThat(browser.findElement(By.id("execution-header")).getText()).contains("proj.nested.steps");
  }

  /** The top-level graph's nodes' texts (label, then kind and phase) by node id. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> nodeTexts() {
    return (Map<String, String>) browser.executeScript("return Object.fromEntries([...document.querySelectorAll("
        + "'.graph-box svg.graph g.node')].map(g => [g.dataset.nodeId, g.querySelector('text.label').textContent"
        + " + ' | ' + g.querySelector('text.sub').textContent]))");
  }

  /** The id of the one node whose texts contain text. */
  private static String idOf(Map<String, String> texts, String text) {
    List<String> ids = texts.entrySet().stream().filter(e -> e.getValue().contains(text)).map(Map.Entry::getKey)
        .toList();
    assertThat(ids).as("nodes showing %s in %s", text, texts).hasSize(1);
    return ids.getFirst();
  }

  /** Runs nested_wf with x=7, opens the run and the panel of its cached task (n2), once it shows its output. */
  private static void runAndOpenCachedTask(String execution) throws Exception {
    runToSuccess(execution, "nested_wf", "--x", "7", "--xs", "[1]");
    browser.get(executionUrl(execution));
    await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(nodePhases().get("n2")));
    node("n2").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> outputs().containsKey("o0"));
  }

  private static void runToSuccess(String execution, String workflow, String... inputs) throws Exception {
    pyflyteRunFile(execution, "proj/nested.py", workflow, inputs);
    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks")
        .setDomain("development").setName(execution).build();
    assertThat(Flows.await(running.admin(), id, Duration.ofMinutes(4))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
  }

  private static String executionUrl(String execution) {
    return stack.consoleEndpoint() + "/console/projects/flytesnacks/domains/development/executions/" + execution;
  }

  private static String pyflyteRun(String execution, String workflow, String... inputs) throws Exception {
    return pyflyteRunFile(execution, "proj/wf.py", workflow, inputs);
  }

  private static String pyflyteRunFile(String execution, String file, String workflow, String... inputs)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Pyflyte.pyflyte(), "--config", "config.yaml", "run",
        "--remote", "--project", "flytesnacks", "--domain", "development", "--name", execution, file,
        workflow));
    cmd.addAll(List.of(inputs));
    return Pyflyte.run(project, cmd);
  }

  /** The top-level graph's nodes and the phase each is drawn in. */
  private static Map<String, String> nodePhases() {
    return phasesIn(".graph-box svg.graph g.node");
  }

  /** The nodes of the graph opened under node execution parent, and their phases. */
  private static Map<String, String> nodePhases(String parent) {
    return phasesIn("section.nested[data-parent='" + parent + "'] svg.graph g.node");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> phasesIn(String css) {
    return (Map<String, String>) browser.executeScript("return Object.fromEntries([...document.querySelectorAll("
        + "arguments[0])].map(g => [g.dataset.nodeId, g.dataset.phase]))", css);
  }

  /** Clicks the expand control of a top-level node. */
  private static void expand(String nodeId) {
    browser.findElement(By.cssSelector(".graph-box g.expand[data-expand='" + nodeId + "']")).click();
  }

  /** A map task's subtasks opened under it: phase by index, in index order. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> mapIndices(String parent) {
    return new java.util.LinkedHashMap<>((Map<String, String>) browser.executeScript(
        "return Object.fromEntries([...document.querySelectorAll(arguments[0])]"
        + ".map(li => [li.dataset.index, li.dataset.phase]))",
        "section.nested[data-parent='" + parent + "'] .map-indices li"));
  }

  /** The node panel's attempts: attempt number, phase and duration text of each row. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> attempts() {
    return (List<Map<String, Object>>) browser.executeScript("return [...document.querySelectorAll("
        + "'#node-attempts tr.attempt')].map(r => ({ attempt: r.dataset.attempt, phase: r.dataset.phase,"
        + " duration: r.querySelector('td.duration').textContent }))");
  }

  /** The node panel's outputs as "kind text" by name (of the literal's outer element). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> outputs() {
    return (Map<String, String>) browser.executeScript("return Object.fromEntries([...document.querySelectorAll("
        + "'#node-outputs > table.literals > tr')].map(tr => {"
        + " const v = tr.children[1].firstElementChild;"
        + " return [tr.dataset.name, v.dataset.kind + ' ' + v.textContent]; }))");
  }

  private static void phaseFilter(String phase) {
    browser.findElement(By.cssSelector("#phase-filter option[value='" + phase + "']")).click();
  }

  private static WebElement node(String id) {
    return console.node(id);
  }

  private static String attribute(String css, String name) {
    return console.attribute(css, name);
  }

  /** The listed executions' names, read in one script for the same reason as {@link #attribute}. */
  @SuppressWarnings("unchecked")
  private static List<String> rows() {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('tr[data-execution]')]"
        + ".map(r => r.dataset.execution);");
  }

  private static List<String> awaitRows() {
    return await().atMost(Duration.ofSeconds(10)).until(ConsoleIT::rows, r -> !r.isEmpty());
  }

  private static void screenshot(String name) throws Exception {
    console.screenshot(name);
  }
}
