package io.aloft.bench;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.Container;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.sandbox.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Admin under load, against the local stack (embedded PostgreSQL, S3, kube-apiserver; admin as its packaged JVM):
 * CreateExecution per second (each one a database row, two S3 writes and a FlyteWorkflow resource in the API
 * server), then GetExecution and filtered ListExecutions latency with {@code rows} executions in the database.
 *
 * <p>The database is filled to {@code rows} by cloning a real execution row in SQL (launching 100,000 executions
 * through the API would measure the API server's etcd, not admin's reads). Figures print to stdout.
 *
 * <p>Usage: {@code ./aloft bench admin [rows=100000] [creates=2000] [concurrency=16]}
 */
public final class AdminBench {
  private static final String PROJECT = "bench";
  private static final String DOMAIN = "development";
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  private AdminBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int creates = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path data = Files.createTempDirectory("aloft-bench-admin");
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports");
    try (LocalStack stack = new LocalStack(options, new PrintStream(java.io.OutputStream.nullOutputStream()))
        .start()) {
      int port = stack.endpoints().get("admin").grpcPort();
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        var admin = AdminServiceGrpc.newBlockingStub(channel);
        Identifier lp = register(admin);
        System.out.printf("admin bench: %d CreateExecution calls at concurrency %d, then reads with %,d executions"
            + " (%d cores, admin -Xmx512m)%n", creates, concurrency, rows,
            Runtime.getRuntime().availableProcessors());

        // warm up the JIT, pools and the API server's watch caches
        Timings.of(200, concurrency, i -> admin.createExecution(create(lp, "warm-" + i)));
        Timings one = Timings.of(200, 1, i -> admin.createExecution(create(lp, "seq-" + i)));
        System.out.printf("CreateExecution sequential: p50 %.1f ms, p99 %.1f ms (%.0f/s)%n", one.p(50), one.p(99),
            one.perSecond());
        Timings c = Timings.of(creates, concurrency, i -> admin.createExecution(create(lp, "c-" + i)));
        System.out.printf("CreateExecution: %.0f/s at concurrency %d (latency p50 %.1f ms, p99 %.1f ms)%n",
            c.perSecond(), concurrency, c.p(50), c.p(99));
        printStages(stack.endpoints().get("admin").httpPort());

        int bulk = fill(stack, rows);
        ListProbe probes = new ListProbe(admin, bulk);
        Timings.of(500, 1, i -> probes.get());
        Timings get = Timings.of(5_000, 1, i -> probes.get());
        System.out.printf("GetExecution (%,d rows, random names, sequential): p50 %.2f ms, p99 %.2f ms%n", rows,
            get.p(50), get.p(99));
        Timings getPar = Timings.of(10_000, concurrency, i -> probes.get());
        System.out.printf("GetExecution at concurrency %d: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", concurrency,
            getPar.perSecond(), getPar.p(50), getPar.p(99));
        for (String filter : List.of("eq(phase,SUCCEEDED)", "eq(launch_plan.name,bench_lp)+value_in(phase,FAILED;ABORTED)",
            "gte(created_at,2020-01-01T00:00:00Z)+eq(mode,0)")) {
          Timings.of(100, 1, i -> probes.list(filter));
          Timings list = Timings.of(1_000, 1, i -> probes.list(filter));
          System.out.printf("ListExecutions %s, limit 100, created_at desc, random page in the first 10:"
              + " p50 %.2f ms, p99 %.2f ms%n", filter, list.p(50), list.p(99));
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** Mean time per launch stage over every launch so far, from admin's aloft_admin_launch_stage_seconds timer. */
  private static void printStages(int httpPort) throws Exception {
    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    StringBuilder out = new StringBuilder("CreateExecution mean time per stage (all launches):");
    for (String stage : List.of("resolve", "record", "create_resource")) {
      double sum = metric(metrics, "aloft_admin_launch_stage_seconds_sum", stage);
      double count = metric(metrics, "aloft_admin_launch_stage_seconds_count", stage);
      out.append(String.format(" %s %.1f ms", stage, count == 0 ? 0 : sum / count * 1000));
    }
    System.out.println(out);
  }

  private static double metric(String metrics, String name, String stage) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("stage=\"" + stage + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** A project, one task, a one-node workflow and a launch plan. */
  private static Identifier register(AdminServiceGrpc.AdminServiceBlockingStub admin) {
    admin.registerProject(ProjectRegisterRequest.newBuilder().setProject(Project.newBuilder().setId(PROJECT)
        .setName("Bench")).build());
    VariableMap x = VariableMap.newBuilder().putVariables("x", Variable.newBuilder().setType(INT).build()).build();
    VariableMap o = VariableMap.newBuilder().putVariables("o0", Variable.newBuilder().setType(INT).build()).build();
    Identifier task = id(ResourceType.TASK, "bench.inc");
    admin.createTask(TaskCreateRequest.newBuilder().setId(task).setSpec(TaskSpec.newBuilder().setTemplate(
        TaskTemplate.newBuilder().setId(task).setType("python-task")
            .setInterface(TypedInterface.newBuilder().setInputs(x).setOutputs(o))
            .setContainer(Container.newBuilder().setImage("python:3.11").addArgs("pyflyte-execute")))).build());
    Identifier wf = id(ResourceType.WORKFLOW, "bench.wf");
    admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(wf).setSpec(WorkflowSpec.newBuilder().setTemplate(
        WorkflowTemplate.newBuilder().setId(wf).setInterface(TypedInterface.newBuilder().setInputs(x).setOutputs(o))
            .addNodes(Node.newBuilder().setId("n0").setTaskNode(TaskNode.newBuilder().setReferenceId(task))
                .addInputs(bind("x", "", "x")))
            .addOutputs(bind("o0", "n0", "o0")))).build());
    Identifier lp = id(ResourceType.LAUNCH_PLAN, "bench_lp");
    admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp)
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(wf).setMaxParallelism(5)).build());
    return lp;
  }

  private static Binding bind(String var, String node, String from) {
    return Binding.newBuilder().setVar(var).setBinding(BindingData.newBuilder().setPromise(
        OutputReference.newBuilder().setNodeId(node).setVar(from))).build();
  }

  private static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion("v1").build();
  }

  private static ExecutionCreateRequest create(Identifier lp, String name) {
    return ExecutionCreateRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp))
        .setInputs(LiteralMap.newBuilder().putLiterals("x", Literal.newBuilder().setScalar(Scalar.newBuilder()
            .setPrimitive(Primitive.newBuilder().setInteger(1))).build())).build();
  }

  /** Clones the first created execution in SQL until the table holds {@code rows}, spread over phases and time. */
  private static int fill(LocalStack stack, int rows) throws Exception {
    long t0 = System.nanoTime();
    int bulk;
    try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_admin"), "postgres",
        "postgres"); Statement st = db.createStatement()) {
      var rs = st.executeQuery("SELECT count(*) FROM executions");
      rs.next();
      int missing = rows - rs.getInt(1);
      bulk = Math.max(0, missing);
      if (missing > 0) {
        st.executeUpdate("""
            INSERT INTO executions (project, domain, name, org, launch_plan_id, workflow_id, phase, mode, state,
                spec, closure, inputs_uri, user_inputs_uri, cluster, namespace, principal, event_version,
                started_at, execution_created_at, execution_updated_at, duration_ns, created_at, updated_at)
            SELECT t.project, t.domain, 'bulk-' || g, t.org, t.launch_plan_id, t.workflow_id,
                (ARRAY['SUCCEEDED','SUCCEEDED','SUCCEEDED','FAILED','RUNNING','ABORTED','QUEUED'])[1 + g % 7],
                t.mode, t.state, t.spec, t.closure, t.inputs_uri, t.user_inputs_uri, t.cluster, t.namespace,
                t.principal, t.event_version, now() - g * interval '1 second', now() - g * interval '1 second',
                now() - g * interval '1 second', (g % 600) * 1000000000::bigint, now() - g * interval '1 second',
                now() - g * interval '1 second'
            FROM (SELECT * FROM executions WHERE name = 'c-0') t, generate_series(1, """ + missing + ") g");
      }
      st.execute("ANALYZE executions");
    }
    System.out.printf("filled executions to %,d rows in %.1f s (SQL clone of a launched execution)%n", rows,
        (System.nanoTime() - t0) / 1e9);
    return bulk;
  }

  /** Random GetExecution and ListExecutions requests over the bulk rows. */
  private record ListProbe(AdminServiceGrpc.AdminServiceBlockingStub admin, int bulk) {
    void get() {
      int n = 1 + ThreadLocalRandom.current().nextInt(bulk);
      admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(WorkflowExecutionIdentifier.newBuilder()
          .setProject(PROJECT).setDomain(DOMAIN).setName("bulk-" + n)).build());
    }

    void list(String filters) {
      int page = ThreadLocalRandom.current().nextInt(10);
      var out = admin.listExecutions(ResourceListRequest.newBuilder()
          .setId(NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN))
          .setFilters(filters).setLimit(100).setToken(page == 0 ? "" : Integer.toString(page * 100))
          .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build());
      if (out.getExecutionsCount() == 0) {
        throw new IllegalStateException("no executions for " + filters + " page " + page);
      }
    }
  }
}
