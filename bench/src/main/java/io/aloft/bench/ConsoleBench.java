package io.aloft.bench;

import static io.aloft.bench.AdminBench.DOMAIN;
import static io.aloft.bench.AdminBench.PROJECT;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.sandbox.LocalStack;
import io.aloft.testkit.browser.Chromium;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console's speed in headless Debian chromium (issue 19 item 5), on the local stack (admin as its packaged
 * JVM, its PostgreSQL): the executions list with {@code rows} executions in one project/domain, and the execution
 * page of a workflow of {@code nodes} task nodes (a chain and a fan-out) whose every node execution is recorded.
 *
 * <p>A figure is the time from navigation start to the page's render marker ({@code perf.ts}: the PerformanceMark
 * "aloft:rendered", set when the list's rows are in the DOM, or the graph is laid out, drawn and coloured by the node
 * executions' phases), the median of {@code loads} loads after two warm-up loads. The peer, measured in the same run:
 * the same API calls the page makes, alone, from this JVM (HTTP/JSON gateway, loopback) - what the page costs beyond
 * admin's answers is the difference; for the list also admin's own time in ListExecutions during the page loads
 * (its per-RPC timer). The execution page is also measured with {@code ?layout=dagre}, dagre's layout
 * forced where the page would lay a graph this big out in layers ({@code layout.ts}).
 *
 * <p>Seeding: one execution launched by CreateExecution, cloned in SQL to {@code rows} (as {@code ./aloft bench
 * admin} does, so the rows are admin's own); each big workflow by CreateWorkflow (admin compiles it), launched by
 * CreateExecution, its node executions recorded by the events propeller would send (workflow RUNNING, each node
 * RUNNING then SUCCEEDED, workflow SUCCEEDED). Propeller leaves the bench's project alone.
 *
 * <p>Usage: {@code ./aloft bench console [rows=100000] [nodes=1000] [loads=10]}
 */
public final class ConsoleBench {
  static final double LIST_TARGET_MS = 300;
  static final double GRAPH_TARGET_MS = 1000;
  private static final int EVENT_THREADS = 8;

  private ConsoleBench() {}

  public static void main(String[] args) throws Exception {
    int[] a = {100_000, 1_000, 10}; // rows, nodes, loads
    for (int i = 0; i < Math.min(args.length, a.length); i++) {
      a[i] = Integer.parseInt(args[i]);
    }
    int rows = a[0];
    int nodes = a[1];
    int loads = a[2];
    LocalStack.Options options = AdminBench.stackOptions(Files.createTempDirectory("aloft-bench-console"));
    try (LocalStack stack = new LocalStack(options, new PrintStream(OutputStream.nullOutputStream())).start()) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.adminGrpcPort()).usePlaintext()
          .build();
      ChromeDriver browser = Chromium.start();
      try {
        AdminServiceBlockingStub admin = AdminServiceGrpc.newBlockingStub(channel);
        Identifier lp = AdminBench.register(admin);
        admin.createExecution(AdminBench.create(lp, "c-0"));
        AdminBench.fill(stack, rows);
        List<String> shapes = List.of("chain", "fanout");
        for (String shape : shapes) {
          seedGraph(admin, shape, nodes);
        }
        System.out.printf("console bench: headless chromium, median of %d loads after 2 warm-up loads (%d cores)%n",
            loads, Runtime.getRuntime().availableProcessors());
        Pages pages = new Pages(browser, stack.consoleEndpoint(), loads);

        String list = "/console/projects/" + PROJECT + "/domains/" + DOMAIN + "/executions";
        double[] before = pages.serverTime("ListExecutions");
        double listPage = pages.median(list, "executions");
        double[] after = pages.serverTime("ListExecutions");
        double listCall = pages.apiMedian(List.of("executions/" + PROJECT + "/" + DOMAIN
            + "?limit=50&sort_by.key=created_at&sort_by.direction=DESCENDING"));
        print(String.format("executions list, %,d executions, page of 50", rows), listPage, listCall,
            "ListExecutions alone", LIST_TARGET_MS);
        System.out.printf("  admin's own time in ListExecutions during those loads: %.1f ms (mean of %.0f calls,"
            + " grpc_server_processing_duration_seconds)%n", (after[0] - before[0]) / (after[1] - before[1]) * 1000,
            after[1] - before[1]);

        for (String shape : shapes) {
          String name = shape + "-" + nodes;
          double page = pages.median(list + "/" + name, "execution");
          String exec = PROJECT + "/" + DOMAIN + "/" + name;
          double calls = pages.apiMedian(List.of("executions/" + exec,
              "workflows/" + PROJECT + "/" + DOMAIN + "/" + workflowName(shape, nodes) + "/v1",
              "node_executions/" + exec + "?limit=500"));
          print(String.format("execution page, %,d-node %s, every node SUCCEEDED", nodes, shape), page, calls,
              "GetExecution + GetWorkflow + the first ListNodeExecutions page alone", GRAPH_TARGET_MS);
          double dagre = pages.median(list + "/" + name + "?layout=dagre", "execution");
          System.out.printf("  the same page laid out by dagre (?layout=dagre): %.0f ms (median)%n", dagre);
        }
      } finally {
        browser.quit();
        channel.shutdownNow();
      }
    }
  }

  private static void print(String what, double page, double peer, String peerName, double target) {
    System.out.printf("%s: rendered in %.0f ms (median); %s %.1f ms; target < %.0f ms: %s%n", what, page, peerName,
        peer, target, page < target ? "PASS" : "FAIL");
  }

  /** Page loads in the browser, and the API calls alone. */
  private record Pages(ChromeDriver browser, String base, int loads) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Median ms from navigation start to the render mark of {@code page} at {@code path}. */
    double median(String path, String page) {
      double[] ms = new double[loads];
      for (int i = -2; i < loads; i++) {
        browser.get(base + path);
        awaitRendered(page);
        double t = ((Number) browser.executeScript(
            "return performance.getEntriesByName('aloft:rendered')[0].startTime")).doubleValue();
        if (i >= 0) {
          ms[i] = t;
        }
      }
      return median(ms);
    }

    private void awaitRendered(String page) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!page.equals(browser.executeScript("return document.body.dataset.rendered"))) {
        Object error = browser.executeScript("const e = document.getElementById('page-error');"
            + " return e ? e.textContent : null");
        if (error != null || System.nanoTime() > deadline) {
          throw new IllegalStateException(browser.getCurrentUrl() + " did not render: " + error);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }

    /** Admin's {@code [seconds, calls]} so far in RPC {@code method}, from its per-RPC timer. */
    double[] serverTime(String method) throws Exception {
      MetricsText m = MetricsText.parse(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      return new double[] {
          m.sum("grpc_server_processing_duration_seconds_sum", x -> x.label("method").equals(method)),
          m.sum("grpc_server_processing_duration_seconds_count", x -> x.label("method").equals(method))};
    }

    /** Median ms of {@code paths} under /api/v1, asked one after the other as the page asks them. */
    double apiMedian(List<String> paths) throws Exception {
      double[] ms = new double[loads];
      for (int i = -2; i < loads; i++) {
        long t0 = System.nanoTime();
        for (String p : paths) {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + p))
              .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(p + " answered " + r.statusCode() + ": " + r.body());
          }
        }
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      return median(ms);
    }

    private static double median(double[] ms) {
      double[] s = ms.clone();
      java.util.Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
  }

  private static String workflowName(String shape, int nodes) {
    return "bench." + shape + nodes;
  }

  /**
   * Workflow {@code shape} of {@code nodes} task nodes (chain: each node takes the previous one's output; fanout:
   * every node takes the workflow's input, the first gives the output), its launch plan, and execution
   * {@code shape-nodes} launched with every node execution recorded SUCCEEDED through admin's event API.
   */
  private static void seedGraph(AdminServiceBlockingStub admin, String shape, int nodes) throws Exception {
    long t0 = System.nanoTime();
    Identifier task = AdminBench.id(ResourceType.TASK, "bench.inc");
    Identifier wf = AdminBench.id(ResourceType.WORKFLOW, workflowName(shape, nodes));
    VariableMap x = VariableMap.newBuilder().putVariables("x", Variable.newBuilder().setType(AdminBench.INT).build())
        .build();
    VariableMap o = VariableMap.newBuilder().putVariables("o0", Variable.newBuilder().setType(AdminBench.INT).build())
        .build();
    WorkflowTemplate.Builder template = WorkflowTemplate.newBuilder().setId(wf)
        .setInterface(TypedInterface.newBuilder().setInputs(x).setOutputs(o));
    for (int n = 0; n < nodes; n++) {
      boolean fromInput = n == 0 || shape.equals("fanout");
      template.addNodes(Node.newBuilder().setId("n" + n).setTaskNode(TaskNode.newBuilder().setReferenceId(task))
          .addInputs(fromInput ? AdminBench.bind("x", "", "x") : AdminBench.bind("x", "n" + (n - 1), "o0")));
    }
    template.addOutputs(AdminBench.bind("o0", shape.equals("fanout") ? "n0" : "n" + (nodes - 1), "o0"));
    admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(wf)
        .setSpec(WorkflowSpec.newBuilder().setTemplate(template)).build());
    Identifier lp = AdminBench.id(ResourceType.LAUNCH_PLAN, workflowName(shape, nodes) + "_lp");
    admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp)
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(wf)).build());
    String name = shape + "-" + nodes;
    admin.createExecution(AdminBench.create(lp, name));

    WorkflowExecutionIdentifier exec = WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT)
        .setDomain(DOMAIN).setName(name).build();
    String prefix = "s3://" + LocalStack.BUCKET + "/metadata/propeller/" + PROJECT + "-" + DOMAIN + "-" + name + "/";
    AdminBench.workflowEvent(admin, exec, WorkflowExecution.Phase.RUNNING);
    Timings.of(nodes, EVENT_THREADS, n -> {
      NodeExecutionIdentifier node = NodeExecutionIdentifier.newBuilder().setExecutionId(exec).setNodeId("n" + n)
          .build();
      String inputs = prefix + "n" + n + "/data/inputs.pb";
      AdminBench.nodeEvent(admin, node, NodeExecution.Phase.RUNNING, inputs, null);
      AdminBench.nodeEvent(admin, node, NodeExecution.Phase.SUCCEEDED, inputs, prefix + "n" + n + "/data/0/outputs.pb");
    });
    AdminBench.workflowEvent(admin, exec, WorkflowExecution.Phase.SUCCEEDED);
    System.out.printf("seeded %s: %,d-node workflow, launched, %,d node executions recorded in %.1f s%n", name, nodes,
        nodes, (System.nanoTime() - t0) / 1e9);
  }
}
