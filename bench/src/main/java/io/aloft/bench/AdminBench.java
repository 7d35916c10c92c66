package io.aloft.bench;

import com.google.protobuf.Timestamp;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.Event.WorkflowExecutionEventRequest;
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
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.TaskLog;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
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
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.TaskExecutionMetadata;
import flyteidl.event.Event.WorkflowExecutionEvent;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Admin under load, against the local stack (embedded PostgreSQL, S3, kube-apiserver; admin as its packaged JVM):
 * CreateExecution per second (each one a database row, two S3 writes and a FlyteWorkflow resource in the API
 * server), then GetExecution and filtered ListExecutions latency with {@code rows} executions in the database.
 *
 * <p>Then event recording: {@code events} executions (cloned in SQL, resource marked created) each get the events
 * propeller sends for a workflow of {@value #EVENT_NODES} task nodes (workflow RUNNING; per node QUEUED, RUNNING,
 * the task attempt's QUEUED, RUNNING, RUNNING phase version 1 and SUCCEEDED, node SUCCEEDED; workflow SUCCEEDED),
 * one execution's events in order as one propeller worker sends them, {@code concurrency} executions at a time.
 *
 * <p>The database is filled to {@code rows} by cloning a real execution row in SQL (launching 100,000 executions
 * through the API would measure the API server's etcd, not admin's reads); {@code rows=0} skips the reads.
 *
 * <p>Propeller leaves the bench's project alone ({@code exclude-project-label}) and no pod runner runs, so that the
 * figures are admin's (with PostgreSQL, S3 and the API server), not those of workflows running beside it. Each
 * phase also prints the CPU time admin, PostgreSQL and the API server (with etcd) spent per call, read from
 * {@code /proc}: on a shared machine a steadier figure than calls per second. Figures print to stdout.
 *
 * <p>Usage: {@code ./aloft bench admin [rows=100000] [creates=2000] [concurrency=16] [events=500]}
 */
public final class AdminBench {
  static final String PROJECT = "bench";
  static final String DOMAIN = "development";
  /** The producer id of the bench's events: the cluster id admin records for its own cluster. */
  private static final String PRODUCER = "propeller";
  static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
  /** Task nodes per execution in the events phase. */
  static final int EVENT_NODES = 3;

  private AdminBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int creates = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int events = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    Path data = Files.createTempDirectory("aloft-bench-admin");
    try (LocalStack stack = new LocalStack(stackOptions(data), new PrintStream(java.io.OutputStream.nullOutputStream()))
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
        Cpu cpu = new Cpu(stack, data);
        Cpu.Sample before = cpu.sample();
        Timings c = Timings.of(creates, concurrency, i -> admin.createExecution(create(lp, "c-" + i)));
        System.out.printf("CreateExecution: %.0f/s at concurrency %d (latency p50 %.1f ms, p99 %.1f ms); %s%n",
            c.perSecond(), concurrency, c.p(50), c.p(99), cpu.sample().since(before, creates, "call"));
        printStages(stack.endpoints().get("admin").httpPort());

        if (events > 0) {
          new EventPhase(admin, stack, cpu, concurrency).run(events);
        }
        if (rows == 0) {
          return;
        }
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

  /** The local stack for admin's benches in {@code data}: no pod runner, propeller leaving the bench's project
   *  alone. */
  static LocalStack.Options stackOptions(Path data) {
    return LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports", "--no-pod-runner",
        "--propeller", "aloft.propeller.exclude-project-label=" + PROJECT);
  }

  /**
   * Event recording: executions cloned in SQL from a launched one (resource marked created, so the launch repair
   * leaves them alone), then the events propeller sends for each, timed per kind.
   */
  private static final class EventPhase {
    private static final int WARM = 50;
    private final AdminServiceGrpc.AdminServiceBlockingStub admin;
    private final LocalStack stack;
    private final Cpu cpu;
    private final int concurrency;
    private final Identifier task = id(ResourceType.TASK, "bench.inc");

    EventPhase(AdminServiceGrpc.AdminServiceBlockingStub admin, LocalStack stack, Cpu cpu, int concurrency) {
      this.admin = admin;
      this.stack = stack;
      this.cpu = cpu;
      this.concurrency = concurrency;
    }

    /** Latencies of one kind of event, one slot per event. */
    private record Kind(String name, int perExecution, long[] nanos) {
      Kind(String name, int perExecution, int executions) {
        this(name, perExecution, new long[perExecution * executions]);
      }

      double p(int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
      }

      long total() {
        long t = 0;
        for (long n : nanos) {
          t += n;
        }
        return t;
      }
    }

    void run(int executions) throws Exception {
      cloneExecutions("evw-", WARM);
      cloneExecutions("ev-", executions);
      Kind[] warm = kinds(WARM);
      Timings.of(WARM, concurrency, i -> execution("evw-", i, warm));
      Kind[] kinds = kinds(executions);
      Cpu.Sample before = cpu.sample();
      Timings t = Timings.of(executions, concurrency, i -> execution("ev-", i, kinds));
      int total = 0;
      long busy = 0;
      for (Kind k : kinds) {
        total += k.nanos().length;
        busy += k.total();
      }
      double wall = t.wallNanos() / 1e9;
      System.out.printf("Events: %,d events for %,d executions at concurrency %d: %.0f events/s; %s%n", total,
          executions, concurrency, total / wall, cpu.sample().since(before, total, "event"));
      for (Kind k : kinds) {
        System.out.printf("  %-8s %,6d events, %5.0f/s, %4.1f%% of the time, latency p50 %.1f ms, p99 %.1f ms%n",
            k.name(), k.nanos().length, k.nanos().length / wall, 100.0 * k.total() / busy, k.p(50), k.p(99));
      }
      verify(executions);
    }

    private static Kind[] kinds(int executions) {
      return new Kind[] {new Kind("workflow", 2, executions), new Kind("node", 3 * EVENT_NODES, executions),
          new Kind("task", 4 * EVENT_NODES, executions)};
    }

    /** The events of execution {@code prefix + i}, in propeller's order. */
    private void execution(String prefix, int i, Kind[] kinds) {
      WorkflowExecutionIdentifier exec = WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT)
          .setDomain(DOMAIN).setName(prefix + i).build();
      String data = "s3://" + LocalStack.BUCKET + "/metadata/propeller/" + PROJECT + "-" + DOMAIN + "-" + prefix + i;
      int[] slot = new int[kinds.length];
      timed(kinds, 0, i, slot, () -> workflowEvent(admin, exec, WorkflowExecution.Phase.RUNNING));
      for (int n = 0; n < EVENT_NODES; n++) {
        String nodeId = "n" + n;
        String inputs = data + "/" + nodeId + "/data/inputs.pb";
        String outputs = data + "/" + nodeId + "/data/0/outputs.pb";
        NodeExecutionIdentifier node = NodeExecutionIdentifier.newBuilder().setExecutionId(exec).setNodeId(nodeId)
            .build();
        timed(kinds, 1, i, slot, () -> nodeEvent(node, NodeExecution.Phase.QUEUED, inputs, null));
        timed(kinds, 2, i, slot, () -> taskEvent(node, TaskExecution.Phase.QUEUED, 0, inputs, null));
        timed(kinds, 1, i, slot, () -> nodeEvent(node, NodeExecution.Phase.RUNNING, inputs, null));
        timed(kinds, 2, i, slot, () -> taskEvent(node, TaskExecution.Phase.RUNNING, 0, inputs, null));
        timed(kinds, 2, i, slot, () -> taskEvent(node, TaskExecution.Phase.RUNNING, 1, inputs, null));
        timed(kinds, 2, i, slot, () -> taskEvent(node, TaskExecution.Phase.SUCCEEDED, 0, inputs, outputs));
        timed(kinds, 1, i, slot, () -> nodeEvent(node, NodeExecution.Phase.SUCCEEDED, inputs, outputs));
      }
      timed(kinds, 0, i, slot, () -> workflowEvent(admin, exec, WorkflowExecution.Phase.SUCCEEDED));
    }

    private static void timed(Kind[] kinds, int kind, int execution, int[] slot, Runnable call) {
      long s = System.nanoTime();
      call.run();
      kinds[kind].nanos()[execution * kinds[kind].perExecution() + slot[kind]++] = System.nanoTime() - s;
    }

    private void nodeEvent(NodeExecutionIdentifier node, NodeExecution.Phase phase, String inputs, String outputs) {
      AdminBench.nodeEvent(admin, node, phase, inputs, outputs);
    }

    private void taskEvent(NodeExecutionIdentifier node, TaskExecution.Phase phase, int version, String inputs,
        String outputs) {
      String pod = node.getExecutionId().getName() + "-" + node.getNodeId() + "-0";
      TaskExecutionEvent.Builder e = TaskExecutionEvent.newBuilder().setTaskId(task).setParentNodeExecutionId(node)
          .setRetryAttempt(0).setPhase(phase).setPhaseVersion(version).setProducerId(PRODUCER)
          .setOccurredAt(now()).setReportedAt(now()).setInputUri(inputs).setTaskType("python-task")
          .setEventVersion(2).setMetadata(TaskExecutionMetadata.newBuilder().setGeneratedName(pod)
              .setPluginIdentifier("container"));
      if (phase == TaskExecution.Phase.RUNNING) {
        e.addLogs(TaskLog.newBuilder().setName("Local Pod Logs (User)")
            .setUri("file:///pods/" + PROJECT + "-" + DOMAIN + "/" + pod + "/log.txt"));
      }
      if (outputs != null) {
        e.setOutputUri(outputs);
      }
      admin.createTaskEvent(TaskExecutionEventRequest.newBuilder().setRequestId("task").setEvent(e).build());
    }

    /** {@code count} executions {@code prefix0..}, cloned from launch c-0, with their resource marked created. */
    private void cloneExecutions(String prefix, int count) throws Exception {
      try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_admin"), "postgres",
          "postgres"); Statement st = db.createStatement()) {
        st.executeUpdate("""
            INSERT INTO executions (project, domain, name, org, launch_plan_id, workflow_id, phase, mode, state,
                spec, closure, inputs_uri, user_inputs_uri, cluster, namespace, principal, event_version,
                resource_created, execution_created_at, execution_updated_at, created_at, updated_at)
            SELECT t.project, t.domain, '""" + prefix + """
            ' || (g - 1), t.org, t.launch_plan_id, t.workflow_id, 'UNDEFINED', t.mode, t.state, t.spec,
                t.closure, t.inputs_uri, t.user_inputs_uri, t.cluster, t.namespace, t.principal, t.event_version,
                true, now(), now(), now(), now()
            FROM (SELECT * FROM executions WHERE name = 'c-0') t, generate_series(1, """ + count + ") g");
        // statistics, as autovacuum keeps them on a live database (and as fill() takes them): without any, the
        // planner may look executions up by the (project, domain) index and filter the name, 0.5 ms per event here
        st.execute("ANALYZE executions");
      }
    }

    /** Every measured execution ended SUCCEEDED with all its node and task executions. */
    private void verify(int executions) throws Exception {
      try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_admin"), "postgres",
          "postgres"); Statement st = db.createStatement()) {
        var rs = st.executeQuery("""
            SELECT count(DISTINCT e.id) FILTER (WHERE e.phase = 'SUCCEEDED'), count(DISTINCT n.id)
                FILTER (WHERE n.phase = 'SUCCEEDED'), count(t.id) FILTER (WHERE t.phase = 'SUCCEEDED')
            FROM executions e JOIN node_executions n ON n.execution_id = e.id
                JOIN task_executions t ON t.node_execution_id = n.id
            WHERE e.project = 'bench' AND e.name LIKE 'ev-%'""");
        rs.next();
        if (rs.getInt(1) != executions || rs.getInt(2) != executions * EVENT_NODES
            || rs.getInt(3) != executions * EVENT_NODES) {
          throw new IllegalStateException("events recorded wrongly: " + rs.getInt(1) + " executions, "
              + rs.getInt(2) + " node and " + rs.getInt(3) + " task executions SUCCEEDED");
        }
      }
    }
  }

  /**
   * CPU time (Linux {@code /proc}, user + system) of admin, of PostgreSQL (postmaster and its backends) and of the
   * API server with etcd, so that a phase can print CPU per call.
   */
  private static final class Cpu {
    /** Milliseconds of CPU time of each part at one moment. */
    record Sample(double admin, double database, double apiServer) {
      String since(Sample before, int calls, String unit) {
        return String.format("CPU per %s: admin %.2f ms, PostgreSQL %.2f ms, API server + etcd %.2f ms", unit,
            (admin - before.admin) / calls, (database - before.database) / calls,
            (apiServer - before.apiServer) / calls);
      }
    }

    private final long admin;
    private final long postmaster;

    Cpu(LocalStack stack, Path data) {
      this.admin = stack.endpoints().get("admin").process().pid();
      String pgData = data.resolve("postgres").toString();
      this.postmaster = ProcessHandle.allProcesses().filter(p -> {
        String cmd = cmdline(p.pid());
        return cmd.contains("/bin/postgres") && cmd.contains(pgData);
      }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    Sample sample() {
      double db = postmaster < 0 ? 0 : millis(postmaster) + ProcessHandle.of(postmaster)
          .map(p -> p.descendants().mapToDouble(d -> millis(d.pid())).sum()).orElse(0.0);
      double kube = ProcessHandle.current().descendants().filter(p -> {
        String cmd = cmdline(p.pid());
        return cmd.contains("/kube-apiserver") || cmd.contains("/etcd");
      }).mapToDouble(p -> millis(p.pid())).sum();
      return new Sample(millis(admin), db, kube);
    }

    /** utime + stime of process {@code pid} in milliseconds (clock ticks of 10 ms), 0 if it is gone. */
    private static double millis(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
      } catch (java.io.IOException | RuntimeException e) {
        return 0;
      }
    }

    private static String cmdline(long pid) {
      try {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      } catch (java.io.IOException | RuntimeException e) {
        return "";
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

  /** Node execution {@code node}'s event in {@code phase}, as propeller sends it (outputs when it ended). */
  static void nodeEvent(AdminServiceGrpc.AdminServiceBlockingStub admin, NodeExecutionIdentifier node,
      NodeExecution.Phase phase, String inputs, String outputs) {
    NodeExecutionEvent.Builder e = NodeExecutionEvent.newBuilder().setId(node).setProducerId(PRODUCER)
        .setPhase(phase).setOccurredAt(now()).setReportedAt(now()).setSpecNodeId(node.getNodeId())
        .setNodeName(node.getNodeId()).setEventVersion(2).setInputUri(inputs);
    if (outputs != null) {
      e.setOutputUri(outputs);
    }
    admin.createNodeEvent(NodeExecutionEventRequest.newBuilder().setRequestId("node").setEvent(e).build());
  }

  /** Execution {@code exec}'s workflow event in {@code phase} (with its outputs' URI when SUCCEEDED). */
  static void workflowEvent(AdminServiceGrpc.AdminServiceBlockingStub admin, WorkflowExecutionIdentifier exec,
      WorkflowExecution.Phase phase) {
    WorkflowExecutionEvent.Builder e = WorkflowExecutionEvent.newBuilder().setExecutionId(exec)
        .setProducerId(PRODUCER).setPhase(phase).setOccurredAt(now());
    if (phase == WorkflowExecution.Phase.SUCCEEDED) {
      e.setOutputUri("s3://" + LocalStack.BUCKET + "/metadata/propeller/" + exec.getProject() + "-"
          + exec.getDomain() + "-" + exec.getName() + "/end-node/data/0/outputs.pb");
    }
    admin.createWorkflowEvent(WorkflowExecutionEventRequest.newBuilder().setRequestId("wf").setEvent(e).build());
  }

  static Timestamp now() {
    Instant t = Instant.now();
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** A project, one task, a one-node workflow and a launch plan. */
  static Identifier register(AdminServiceGrpc.AdminServiceBlockingStub admin) {
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

  static Binding bind(String var, String node, String from) {
    return Binding.newBuilder().setVar(var).setBinding(BindingData.newBuilder().setPromise(
        OutputReference.newBuilder().setNodeId(node).setVar(from))).build();
  }

  static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion("v1").build();
  }

  static ExecutionCreateRequest create(Identifier lp, String name) {
    return ExecutionCreateRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp))
        .setInputs(LiteralMap.newBuilder().putLiterals("x", Literal.newBuilder().setScalar(Scalar.newBuilder()
            .setPrimitive(Primitive.newBuilder().setInteger(1))).build())).build();
  }

  /** Clones the first created execution in SQL until the table holds {@code rows}, spread over phases and time. */
  static int fill(LocalStack stack, int rows) throws Exception {
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
