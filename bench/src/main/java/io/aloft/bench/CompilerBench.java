package io.aloft.bench;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.BindingDataCollection;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.WorkflowCompiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiles a large synthetic workflow repeatedly and prints the time per compilation.
 *
 * <p>Shape (default 10,000 nodes): a fan-out of {@code width} parallel chains of equal length from the workflow
 * input, each link an integer task bound to the previous link's output, and one fan-in node that gathers the chain
 * ends into a collection. That exercises bindings, type checks, edge derivation and the reachability walk.
 *
 * <p>Usage: {@code ./aloft bench compiler [nodes] [width] [iterations]}
 */
public final class CompilerBench {
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  private CompilerBench() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 20;

    TaskTemplate inc = task("inc", VariableMap.newBuilder().putVariables("x", var(INT)).build(),
        VariableMap.newBuilder().putVariables("o0", var(INT)).build());
    TaskTemplate gather = task("gather", VariableMap.newBuilder().putVariables("xs",
        var(LiteralType.newBuilder().setCollectionType(INT).build())).build(),
        VariableMap.newBuilder().putVariables("o0", var(INT)).build());
    WorkflowTemplate wf = workflow(nodes, width, inc, gather);
    List<TaskTemplate> tasks = List.of(inc, gather);

    System.out.printf("compiler bench: %d nodes (%d parallel chains + 1 fan-in), %d bytes of WorkflowTemplate%n",
        wf.getNodesCount(), width, wf.getSerializedSize());
    long t0 = System.nanoTime();
    WorkflowCompiler.compile(wf, List.of(), tasks, List.of());
    System.out.printf("first compilation in this JVM (cold, includes class loading and JIT warm-up): %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    // Warm-up: let the JIT compile the hot paths before measuring.
    for (int i = 0; i < Math.max(3, iterations / 4); i++) {
      WorkflowCompiler.compile(wf, List.of(), tasks, List.of());
    }
    long[] ms = new long[iterations];
    CompiledWorkflowClosure last = null;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      last = WorkflowCompiler.compile(wf, List.of(), tasks, List.of());
      ms[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf("warm: compiled %d times: min %d ms, median %d ms, max %d ms%n",
        iterations, ms[0], ms[iterations / 2], ms[iterations - 1]);
    System.out.printf("closure: %d template nodes, %d upstream entries, %d bytes%n",
        last.getPrimary().getTemplate().getNodesCount(), last.getPrimary().getConnections().getUpstreamCount(),
        last.getSerializedSize());
  }

  static WorkflowTemplate workflow(int nodes, int width, TaskTemplate inc, TaskTemplate gather) {
    // nodes - 1 chain links spread over `width` chains; the first (nodes - 1) % width chains get one more.
    int links = nodes - 1;
    WorkflowTemplate.Builder wf = WorkflowTemplate.newBuilder()
        .setId(Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW).setProject("bench").setDomain("d")
            .setName("wide_and_deep").setVersion("v1"))
        .setInterface(TypedInterface.newBuilder()
            .setInputs(VariableMap.newBuilder().putVariables("x", var(INT)))
            .setOutputs(VariableMap.newBuilder().putVariables("total", var(INT))));
    List<BindingData> ends = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      String prev = null;
      int length = links / width + (c < links % width ? 1 : 0);
      for (int i = 0; i < length; i++) {
        String id = "c" + c + "-n" + i;
        BindingData in = prev == null ? promise("start-node", "x") : promise(prev, "o0");
        wf.addNodes(Node.newBuilder().setId(id)
            .setTaskNode(TaskNode.newBuilder().setReferenceId(inc.getId()))
            .addInputs(Binding.newBuilder().setVar("x").setBinding(in)));
        prev = id;
      }
      ends.add(promise(prev, "o0"));
    }
    wf.addNodes(Node.newBuilder().setId("fan-in")
        .setTaskNode(TaskNode.newBuilder().setReferenceId(gather.getId()))
        .addInputs(Binding.newBuilder().setVar("xs").setBinding(BindingData.newBuilder()
            .setCollection(BindingDataCollection.newBuilder().addAllBindings(ends)))));
    wf.addOutputs(Binding.newBuilder().setVar("total").setBinding(promise("fan-in", "o0")));
    return wf.build();
  }

  private static BindingData promise(String node, String var) {
    return BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId(node).setVar(var)).build();
  }

  private static Variable var(LiteralType t) {
    return Variable.newBuilder().setType(t).build();
  }

  private static TaskTemplate task(String name, VariableMap inputs, VariableMap outputs) {
    return TaskTemplate.newBuilder()
        .setId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject("bench").setDomain("d")
            .setName(name).setVersion("v1"))
        .setType("python-task")
        .setInterface(TypedInterface.newBuilder().setInputs(inputs).setOutputs(outputs))
        .build();
  }
}
