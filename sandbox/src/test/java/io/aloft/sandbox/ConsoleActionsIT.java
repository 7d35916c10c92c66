package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's writes in a real browser, on the local stack with the real flytekit (the sample project and
 * {@code examples/gates.py} registered with {@code pyflyte register}): a launch plan's form refuses a value of the
 * wrong type next to its field and creates nothing, then launches with the fixed value and opens the new execution,
 * which succeeds; a waiting execution is terminated (ABORTED) and relaunched; an approve gate is approved from the
 * node panel and the workflow succeeds; a rejected gate fails its execution, which Recover runs again. The launch
 * form's screenshot goes to target/console-screenshots (docs/images has a copy for docs/quickstart.md).
 */
class ConsoleActionsIT {
  private static final String PROJECT = "flytesnacks";
  private static final String DOMAIN = "development";
  private static final String APPROVE_LP = "proj.gates.approve_wf";

  static ConsoleSession console;
  static LocalStack stack;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    console = ConsoleSession.start("aloft-console-actions");
    stack = console.stack();
    browser = console.browser;
    Path project = Pyflyte.sampleProject(Files.createTempDirectory("aloft-console-actions-project"), stack);
    Files.copy(Pyflyte.REPO.resolve("examples/gates.py"), project.resolve("proj/gates.py"));
    String out = Pyflyte.run(project, List.of(Pyflyte.pyflyte(), "--config", "config.yaml", "register",
        "--project", PROJECT, "--domain", DOMAIN, "--version", "v1", "proj"));
    assertThat(out).contains("Successfully registered");
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void theLaunchFormRefusesABadValueThenLaunchesAndOpensTheExecution() throws Exception {
    browser.get(stack.consoleEndpoint() + "/console/projects/" + PROJECT + "/domains/" + DOMAIN + "/launchplans");
    await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.linkText("pipeline_lp")).isEmpty());
    browser.findElement(By.linkText("pipeline_lp")).click();
    await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.id("input-x")).isEmpty());
    // the launch plan's default (x=5) and the workflow's (name="aloft") are filled in
    assertThat(value("input-x")).isEqualTo("5");
    assertThat(value("input-name")).isEqualTo("aloft");
    assertThat(browser.findElement(By.cssSelector("[data-input='x'] label")).getText()).contains("integer");

    int before = executionCount();
    type("input-x", "five");
    browser.findElement(By.id("launch-submit")).click();
    await().atMost(Duration.ofSeconds(5)).until(() -> text("#error-x").equals("x must be an integer"));
    console.screenshot("console-launch-form");
    Thread.sleep(1000); // nothing in flight could still land: the form sent nothing
    assertThat(executionCount()).as("no execution created").isEqualTo(before);
    assertThat(browser.getCurrentUrl()).contains("/launchplans/pipeline_lp");

    type("input-x", "7");
    type("input-name", "console");
    browser.findElement(By.id("launch-submit")).click();
    String name = awaitExecutionPage(null);
    assertThat(text("#error-x")).isEmpty();
    await().atMost(Duration.ofMinutes(3)).until(() -> "SUCCEEDED".equals(phase()));
    WorkflowExecutionIdentifier id = executionId(name);
    var data = console.running.admin().getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id)
        .build());
    assertThat(data.getFullInputs().getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger()).isEqualTo(7);
    assertThat(data.getFullOutputs().getLiteralsOrThrow("o0").getScalar().getPrimitive().getStringValue())
        .isEqualTo("hello console x14");
  }

  @Test
  void aWaitingExecutionIsTerminatedThenRelaunchedAndItsGateApproved() {
    String first = launchApproveWf();
    await().atMost(Duration.ofMinutes(2)).until(() -> "RUNNING".equals(nodePhase("n1")));
    browser.findElement(By.id("action-terminate")).click();
    await().atMost(Duration.ofSeconds(5)).ignoreException(NoAlertPresentException.class)
        .until(() -> browser.switchTo().alert() != null);
    browser.switchTo().alert().accept();
    await().atMost(Duration.ofMinutes(1)).until(() -> "ABORTED".equals(phase()));

    browser.findElement(By.id("action-relaunch")).click();
    String second = awaitExecutionPage(first);
    approveGate();
    await().atMost(Duration.ofMinutes(3)).until(() -> "SUCCEEDED".equals(phase()));
    var data = console.running.admin().getExecutionData(WorkflowExecutionGetDataRequest.newBuilder()
        .setId(executionId(second)).build());
    assertThat(data.getFullOutputs().getLiteralsOrThrow("o0").getScalar().getPrimitive().getInteger()).isEqualTo(3);
  }

  @Test
  void aRejectedGateFailsItsExecutionAndRecoverRunsItAgain() {
    String first = launchApproveWf();
    await().atMost(Duration.ofMinutes(2)).until(() -> "RUNNING".equals(nodePhase("n1")));
    node("n1").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("gate-reject")).isEmpty());
    browser.findElement(By.id("gate-reject")).click();
    await().atMost(Duration.ofMinutes(1)).until(() -> "FAILED".equals(phase()));

    browser.findElement(By.id("action-recover")).click();
    awaitExecutionPage(first);
    approveGate();
    await().atMost(Duration.ofMinutes(3)).until(() -> "SUCCEEDED".equals(phase()));
  }

  /** Launches approve_wf from its launch plan's form with its default input; returns the new execution's name. */
  private static String launchApproveWf() {
    browser.get(stack.consoleEndpoint() + "/console/projects/" + PROJECT + "/domains/" + DOMAIN + "/launchplans/"
        + APPROVE_LP);
    await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.id("launch-submit")).isEmpty());
    assertThat(value("input-x")).isEqualTo("1");
    browser.findElement(By.id("launch-submit")).click();
    return awaitExecutionPage(null);
  }

  private static void approveGate() {
    await().atMost(Duration.ofMinutes(2)).until(() -> "RUNNING".equals(nodePhase("n1")));
    node("n1").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("gate-approve")).isEmpty());
    assertThat(text("#gate")).contains("approve-total");
    browser.findElement(By.id("gate-approve")).click();
    // the panel says it was sent, unless the gate already moved on and the panel re-rendered without its buttons
    await().atMost(Duration.ofSeconds(30)).until(() -> text("#gate-status").startsWith("Sent")
        || "SUCCEEDED".equals(nodePhase("n1")));
  }

  /** Waits until the browser shows an execution page other than {@code previous}'s; returns its execution. */
  private static String awaitExecutionPage(String previous) {
    String prefix = "/console/projects/" + PROJECT + "/domains/" + DOMAIN + "/executions/";
    String name = await().atMost(Duration.ofSeconds(20)).until(() -> {
      String path = java.net.URI.create(browser.getCurrentUrl()).getPath();
      return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }, n -> n != null && !n.isEmpty() && !n.equals(previous));
    await().atMost(Duration.ofSeconds(20)).until(() -> phase() != null);
    return name;
  }

  private static int executionCount() {
    return console.running.admin().listExecutions(ResourceListRequest.newBuilder()
        .setId(NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN)).setLimit(1000).build())
        .getExecutionsCount();
  }

  private static WorkflowExecutionIdentifier executionId(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name).build();
  }

  private static String phase() {
    return attribute("#execution-phase", "data-phase");
  }

  private static String nodePhase(String node) {
    return attribute("svg.graph g.node[data-node-id='" + node + "']", "data-phase");
  }

  private static WebElement node(String id) {
    return console.node(id);
  }

  private static void type(String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private static String value(String id) {
    return (String) browser.executeScript("return document.getElementById(arguments[0]).value", id);
  }

  private static String attribute(String css, String name) {
    return console.attribute(css, name);
  }

  private static String text(String css) {
    return console.text(css);
  }
}
