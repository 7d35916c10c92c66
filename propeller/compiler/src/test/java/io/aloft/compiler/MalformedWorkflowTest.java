package io.aloft.compiler;

import static io.aloft.compiler.Workflows.BOOLEAN;
import static io.aloft.compiler.Workflows.END;
import static io.aloft.compiler.Workflows.FLOAT;
import static io.aloft.compiler.Workflows.INTEGER;
import static io.aloft.compiler.Workflows.NONE;
import static io.aloft.compiler.Workflows.START;
import static io.aloft.compiler.Workflows.STRING;
import static io.aloft.compiler.Workflows.STRUCT;
import static io.aloft.compiler.Workflows.approveGate;
import static io.aloft.compiler.Workflows.arrayNode;
import static io.aloft.compiler.Workflows.blob;
import static io.aloft.compiler.Workflows.branch;
import static io.aloft.compiler.Workflows.collection;
import static io.aloft.compiler.Workflows.dataclass;
import static io.aloft.compiler.Workflows.defaulted;
import static io.aloft.compiler.Workflows.emptyNode;
import static io.aloft.compiler.Workflows.enumOf;
import static io.aloft.compiler.Workflows.eq;
import static io.aloft.compiler.Workflows.gateWithoutCondition;
import static io.aloft.compiler.Workflows.gt;
import static io.aloft.compiler.Workflows.input;
import static io.aloft.compiler.Workflows.inputs;
import static io.aloft.compiler.Workflows.intLiteral;
import static io.aloft.compiler.Workflows.intOperand;
import static io.aloft.compiler.Workflows.launchPlan;
import static io.aloft.compiler.Workflows.launchPlanNode;
import static io.aloft.compiler.Workflows.listOf;
import static io.aloft.compiler.Workflows.literalBool;
import static io.aloft.compiler.Workflows.literalFloat;
import static io.aloft.compiler.Workflows.literalInt;
import static io.aloft.compiler.Workflows.literalNone;
import static io.aloft.compiler.Workflows.literalStr;
import static io.aloft.compiler.Workflows.map;
import static io.aloft.compiler.Workflows.mapOf;
import static io.aloft.compiler.Workflows.optional;
import static io.aloft.compiler.Workflows.outputs;
import static io.aloft.compiler.Workflows.params;
import static io.aloft.compiler.Workflows.promise;
import static io.aloft.compiler.Workflows.required;
import static io.aloft.compiler.Workflows.signalGate;
import static io.aloft.compiler.Workflows.sleepGate;
import static io.aloft.compiler.Workflows.strOperand;
import static io.aloft.compiler.Workflows.subWorkflowNode;
import static io.aloft.compiler.Workflows.tagged;
import static io.aloft.compiler.Workflows.task;
import static io.aloft.compiler.Workflows.taskNode;
import static io.aloft.compiler.Workflows.union;
import static io.aloft.compiler.Workflows.var;
import static io.aloft.compiler.Workflows.wf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Workflow.Alias;
import flyteidl.core.Workflow.IfElseBlock;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.Workflows.Fixture;
import io.aloft.compiler.Workflows.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed workflows: each must be rejected with a {@link CompilationException} (never any other exception)
 * whose errors include the code and node id Flyte's compiler (flytepropeller/pkg/compiler) reports for it. Where
 * the expectation deliberately differs from what Flyte does, the case says so.
 */
class MalformedWorkflowTest {

  // ---------------------------------------------------------------------------------------------------------------
  // Tasks every case may use (unreferenced tasks are harmless).

  static final LiteralType INT_OR_STR = union(tagged(INTEGER, "int"), tagged(STRING, "str"));
  static final LiteralType POINT = dataclass("a", INTEGER, "b", STRING);

  static final List<TaskTemplate> TASKS = List.of(
      task("t_add", inputs("a", INTEGER, "b", INTEGER), outputs("o0", INTEGER)),
      task("t_inc", inputs("a", INTEGER), outputs("o0", INTEGER)),
      task("t_str_out", inputs(), outputs("o0", STRING)),
      task("t_float_out", inputs(), outputs("o0", FLOAT)),
      task("t_float_in", inputs("f", FLOAT), outputs("o0", FLOAT)),
      task("t_list_out", inputs(), outputs("o0", listOf(INTEGER))),
      task("t_list_str_out", inputs(), outputs("o0", listOf(STRING))),
      task("t_sum", inputs("xs", listOf(INTEGER)), outputs("o0", INTEGER)),
      task("t_map_in", inputs("m", mapOf(STRING)), outputs("o0", INTEGER)),
      task("t_opt", inputs("a", INTEGER, "maybe", optional(INTEGER)), outputs("o0", INTEGER)),
      task("t_enum", inputs("color", enumOf("RED", "GREEN")), outputs("o0", STRING)),
      task("t_union", inputs("u", INT_OR_STR), outputs("o0", INTEGER)),
      task("t_lists_union", inputs("u", union(tagged(listOf(INTEGER), "ints"),
          tagged(listOf(INT_OR_STR), "mixed"))), outputs("o0", INTEGER)),
      task("t_csv_out", inputs(), outputs("o0", blob("csv"))),
      task("t_parquet_in", inputs("f", blob("parquet")), outputs("o0", INTEGER)),
      task("t_dc_out", inputs(), outputs("o0", POINT)),
      task("t_map_inc", inputs("a", listOf(INTEGER)), outputs("o0", listOf(INTEGER))),
      task("t_int_meta_out", inputs(), outputs("o0", INTEGER.toBuilder().setMetadata(com.google.protobuf.Struct
          .newBuilder().putFields("unit", com.google.protobuf.Value.newBuilder().setStringValue("m").build()))
          .build())),
      task("t_untyped", inputs(), outputs()).toBuilder().setInterface(
          flyteidl.core.Interface.TypedInterface.newBuilder().setInputs(VariableMap.newBuilder()
              .putVariables("a", Variable.getDefaultInstance())).setOutputs(outputs("o0", INTEGER))).build());

  /** A valid workflow: x -> n0 = x + 2 -> n1 = n0 + n0 -> o. */
  static WorkflowSpec base() {
    return wf("wf").input("x", INTEGER)
        .node(taskNode("n0", "t_add").bind("a", input("x")).bind("b", literalInt(2)))
        .node(taskNode("n1", "t_add").bind("a", promise("n0", "o0")).bind("b", promise("n0", "o0")))
        .output("o", INTEGER, promise("n1", "o0"));
  }

  static Fixture fixture(WorkflowSpec w) {
    return Fixture.of(w.build(), TASKS);
  }

  static final WorkflowTemplate SUB = wf("sub").input("a", INTEGER)
      .node(taskNode("s0", "t_inc").bind("a", input("a")))
      .output("o", INTEGER, promise("s0", "o0")).build();

  static final LaunchPlanInterface LP = launchPlan("lp",
      params("a", required(INTEGER), "b", defaulted(INTEGER, intLiteral(1))), outputs("o", INTEGER));

  // ---------------------------------------------------------------------------------------------------------------
  // The cases

  record Expected(ErrorCode code, String nodeId) {}

  record Case(String name, Supplier<Fixture> fixture, List<Expected> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Arguments malformed(String name, Supplier<Fixture> fixture, Expected... expected) {
    return Arguments.of(Named.of(name, new Case(name, fixture, List.of(expected))));
  }

  private static Expected error(ErrorCode code, String nodeId) {
    return new Expected(code, nodeId);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- node ids
        // Flyte's workflowBuilder.AddNode silently keeps the first of two nodes with one id; Aloft rejects.
        malformed("duplicate node id", () -> fixture(base()
                .node(taskNode("n0", "t_inc").bind("a", input("x")))),
            error(ErrorCode.DUPLICATE_NODE_ID, "n0")),
        // Flyte silently drops a user node named like a sentinel; Aloft rejects.
        malformed("node id start-node is reserved", () -> fixture(base()
                .node(taskNode(START, "t_inc").bind("a", input("x")))),
            error(ErrorCode.VALUE_COLLISION, START)),
        malformed("node id end-node is reserved", () -> fixture(base()
                .node(taskNode(END, "t_inc").bind("a", input("x")))),
            error(ErrorCode.VALUE_COLLISION, END)),
        malformed("empty node id", () -> fixture(base()
                .node(taskNode("", "t_inc").bind("a", input("x")))),
            error(ErrorCode.VALUE_REQUIRED, "<node>")),

        // --- references between nodes
        // validators/node.go validateNodeID: NewNodeReferenceNotFoundErr(nodeID, nodeID) names the missing node.
        malformed("promise of a node that does not exist", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", promise("ghost", "o0")))),
            error(ErrorCode.NODE_REFERENCE_NOT_FOUND, "ghost")),
        // validators/vars.go validateOutputVar: the error is on the node that lacks the output.
        malformed("promise of an output the node does not have", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", promise("n0", "o9")))),
            error(ErrorCode.VARIABLE_NAME_NOT_FOUND, "n0")),
        malformed("binding of an input the task does not have", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", input("x")).bind("zzz", literalInt(1)))),
            error(ErrorCode.VARIABLE_NAME_NOT_FOUND, "n2")),
        malformed("required input left unbound", () -> fixture(base()
                .node(taskNode("n2", "t_add").bind("a", input("x")))),
            error(ErrorCode.PARAMETER_NOT_BOUND, "n2")),
        malformed("input bound twice", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", input("x")).bind("a", literalInt(3)))),
            error(ErrorCode.PARAMETER_BOUND_MORE_THAN_ONCE, "n2")),
        malformed("binding without a value", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bindNothing("a"))),
            error(ErrorCode.VALUE_REQUIRED, "n2")),
        malformed("binding data with no value set", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", BindingData.getDefaultInstance()))),
            error(ErrorCode.MISMATCHING_BINDINGS, "n2")),

        // --- types
        malformed("int input <- str promise", () -> fixture(base()
                .node(taskNode("s", "t_str_out"))
                .node(taskNode("n2", "t_inc").bind("a", promise("s", "o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("collection<int> input <- int promise", () -> fixture(base()
                .node(taskNode("n2", "t_sum").bind("xs", promise("n0", "o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("map<str> input <- collection<str> promise", () -> fixture(base()
                .node(taskNode("l", "t_list_str_out"))
                .node(taskNode("n2", "t_map_in").bind("m", promise("l", "o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("int input <- float promise", () -> fixture(base()
                .node(taskNode("f", "t_float_out"))
                .node(taskNode("n2", "t_inc").bind("a", promise("f", "o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("int input <- str literal", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", literalStr("1")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("int input <- float literal", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", literalFloat(1.5)))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        // validators/typing.go trivialChecker: simple types must be equal; Flyte has no int -> float widening.
        malformed("float input <- int literal (no widening in Flyte)", () -> fixture(base()
                .node(taskNode("n2", "t_float_in").bind("f", literalInt(1)))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("int input <- bool literal", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", literalBool(true)))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("int input <- none literal", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", literalNone()))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("blob format csv -> parquet", () -> fixture(base()
                .node(taskNode("c", "t_csv_out"))
                .node(taskNode("n2", "t_parquet_in").bind("f", promise("c", "o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("enum literal not among the values", () -> fixture(base()
                .node(taskNode("n2", "t_enum").bind("color", literalStr("BLUE")))),
            error(ErrorCode.ILLEGAL_ENUM_VALUE, "n2")),
        malformed("collection binding matches no union variant", () -> fixture(base()
                .node(taskNode("n2", "t_union").bind("u", collection(literalInt(1))))),
            error(ErrorCode.INCOMPATIBLE_BINDING_UNION_VALUE, "n2")),
        malformed("collection binding matches two union variants", () -> fixture(base()
                .node(taskNode("n2", "t_lists_union").bind("u", collection(literalInt(1))))),
            error(ErrorCode.AMBIGUOUS_BINDING_UNION_VALUE, "n2")),
        // Scalars go through the union-aware castability check: a plain type mismatch (bindings_test.go).
        malformed("float literal into union<int,str>", () -> fixture(base()
                .node(taskNode("n2", "t_union").bind("u", literalFloat(1.5)))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("collection binding where a map is expected", () -> fixture(base()
                .node(taskNode("n2", "t_map_in").bind("m", collection(literalStr("a"))))),
            error(ErrorCode.MISMATCHING_BINDINGS, "n2")),
        malformed("map binding where a collection is expected", () -> fixture(base()
                .node(taskNode("n2", "t_sum").bind("xs", map("k", literalInt(1))))),
            error(ErrorCode.MISMATCHING_BINDINGS, "n2")),
        malformed("collection item of the wrong type", () -> fixture(base()
                .node(taskNode("n2", "t_sum").bind("xs", collection(literalInt(1), literalStr("two"))))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("attribute path into a dataclass field that does not exist", () -> fixture(base()
                .node(taskNode("d", "t_dc_out"))
                .node(taskNode("n2", "t_inc").bind("a", promise("d", "o0", "zzz")))),
            error(ErrorCode.FIELD_NOT_FOUND, "n2")),
        malformed("attribute path to a dataclass field of the wrong type", () -> fixture(base()
                .node(taskNode("d", "t_dc_out"))
                .node(taskNode("n2", "t_inc").bind("a", promise("d", "o0", "b")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),

        // --- variable-name syntax (flytepropeller/pkg/compiler/typing ParseVarName:
        //     `(\[(?P<index>\d+)\]\.)?(?P<var>\w+)` and exactly one match, so an index is written "[0].o0")
        malformed("indexed promise [0].o0 of a non-collection", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", promise("n0", "[0].o0")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        malformed("suffix index o0[0] is not Flyte's syntax", () -> fixture(base()
                .node(taskNode("l", "t_list_out"))
                .node(taskNode("n2", "t_inc").bind("a", promise("l", "o0[0]")))),
            error(ErrorCode.SYNTAX_ERROR, "n2")),
        malformed("empty promise variable name", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", promise("n0", "")))),
            error(ErrorCode.SYNTAX_ERROR, "n2")),

        // --- graph shape
        malformed("cycle through bindings", () -> fixture(wf("wf").input("x", INTEGER)
                .node(taskNode("n0", "t_add").bind("a", input("x")).bind("b", promise("n1", "o0")))
                .node(taskNode("n1", "t_inc").bind("a", promise("n0", "o0")))
                .output("o", INTEGER, promise("n1", "o0"))),
            error(ErrorCode.CYCLE_DETECTED, START)),
        malformed("cycle through upstream_node_ids", () -> fixture(wf("wf").input("x", INTEGER)
                .node(taskNode("n0", "t_inc").bind("a", input("x")).after("n1"))
                .node(taskNode("n1", "t_inc").bind("a", input("x")).after("n0"))
                .output("o", INTEGER, promise("n1", "o0"))),
            error(ErrorCode.CYCLE_DETECTED, START)),
        malformed("cycle unreachable from start-node", () -> fixture(base()
                .node(taskNode("c0", "t_inc").bind("a", promise("c1", "o0")))
                .node(taskNode("c1", "t_inc").bind("a", promise("c0", "o0")))),
            error(ErrorCode.UNREACHABLE_NODES, START)),
        // Flyte's AddEdges adds the edge without checking the id (the node then is merely unreachable, or the
        // workflow even compiles); Aloft rejects the reference.
        malformed("upstream_node_id that does not exist", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", input("x")).after("ghost"))),
            error(ErrorCode.NODE_REFERENCE_NOT_FOUND, "n2")),

        // --- node targets and references
        malformed("task reference not supplied", () -> fixture(base()
                .node(taskNode("n2", "t_missing"))),
            error(ErrorCode.TASK_REFERENCE_NOT_FOUND, START)),
        malformed("task node without reference id", () -> fixture(base()
                .node(emptyNode("n2").build().toBuilder().setTaskNode(flyteidl.core.Workflow.TaskNode
                    .getDefaultInstance()).build())),
            error(ErrorCode.VALUE_REQUIRED, "n2")),
        malformed("sub-workflow not supplied", () -> fixture(base()
                .node(subWorkflowNode("n2", "sub").bind("a", input("x")))),
            error(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, "n2")),
        malformed("launch plan not supplied", () -> fixture(base()
                .node(launchPlanNode("n2", "lp").bind("a", input("x")))),
            error(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, START)),
        malformed("workflow node with neither launch plan nor sub-workflow", () -> fixture(base()
                .node(emptyNode("n2").build().toBuilder().setWorkflowNode(flyteidl.core.Workflow.WorkflowNode
                    .getDefaultInstance()).build())),
            error(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, "n2")),
        malformed("node without a target", () -> fixture(base()
                .node(emptyNode("n2"))),
            error(ErrorCode.VALUE_REQUIRED, "n2")),
        malformed("task interface variable without a type", () -> fixture(base()
                .node(taskNode("n2", "t_untyped").bind("a", input("x")))),
            error(ErrorCode.VALUE_REQUIRED, "n2")),
        malformed("sub-workflow node with a malformed sub-workflow", () -> fixture(base()
                .node(subWorkflowNode("n2", "bad_sub").bind("a", input("x"))))
                .withSubWorkflows(wf("bad_sub").input("a", INTEGER)
                    .node(taskNode("s0", "t_add").bind("a", input("a")))
                    .output("o", INTEGER, promise("s0", "o0")).build()),
            error(ErrorCode.PARAMETER_NOT_BOUND, "s0")),
        malformed("launch plan node missing a required input", () -> fixture(base()
                .node(launchPlanNode("n2", "lp").bind("b", input("x"))))
                .withLaunchPlans(LP),
            error(ErrorCode.PARAMETER_NOT_BOUND, "n2")),

        // --- branches
        malformed("branch without else or else-fail", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("x"), intOperand(1)), taskNode("t", "t_inc").bind("a", input("x"))))),
            error(ErrorCode.BRANCH_NODE_HAS_NO_DEFAULT, "b0")),
        malformed("branch whose first case has no then-node", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("x"), intOperand(1)), null)
                    .otherwise(taskNode("e", "t_inc").bind("a", input("x"))))),
            error(ErrorCode.BRANCH_NODE_ID_NOT_FOUND, "b0"),
            error(ErrorCode.VALUE_REQUIRED, "b0")),
        malformed("branch whose elif has no then-node", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("x"), intOperand(1)), taskNode("t", "t_inc").bind("a", input("x")))
                    .elif(eq(var("x"), intOperand(0)), null)
                    .elseFail("no"))),
            error(ErrorCode.BRANCH_NODE_ID_NOT_FOUND, "b0")),
        malformed("branch case without a condition", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(null, taskNode("t", "t_inc").bind("a", input("x")))
                    .elseFail("no"))),
            error(ErrorCode.BRANCH_NODE_HAS_NO_CONDITION, "b0")),
        malformed("branch condition on a variable the branch does not bind", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("y"), intOperand(1)), taskNode("t", "t_inc").bind("a", input("x")))
                    .elseFail("no"))),
            error(ErrorCode.VARIABLE_NAME_NOT_FOUND, "b0")),
        // validators/condition.go ValidateBooleanExpression compares operand types (by their string form)
        // whether or not validateConditionTypes is set.
        malformed("branch condition comparing an int with a string", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(eq(var("x"), strOperand("one")), taskNode("t", "t_inc").bind("a", input("x")))
                    .elseFail("no"))),
            error(ErrorCode.MISMATCHING_TYPES, "b0")),
        malformed("branch cases whose common outputs conflict", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("x"), intOperand(1)), taskNode("t", "t_inc").bind("a", input("x")))
                    .otherwise(taskNode("e", "t_str_out")))),
            error(ErrorCode.MISMATCHING_TYPES, "b0-e")),
        // validators/branch.go validateIfaceMatch -> vars.go validateVarType: case outputs must have identical
        // types (proto String() equality), not merely castable ones.
        malformed("branch cases whose common outputs differ only in type metadata", () -> fixture(base()
                .node(branch("b0").bind("x", input("x"))
                    .when(gt(var("x"), intOperand(1)), taskNode("t", "t_inc").bind("a", input("x")))
                    .otherwise(taskNode("e", "t_int_meta_out")))),
            error(ErrorCode.MISMATCHING_TYPES, "b0-e")),

        // --- gates and array nodes
        malformed("gate node without a condition", () -> fixture(base()
                .node(gateWithoutCondition("g0"))),
            error(ErrorCode.NO_CONDITION_FOUND, "g0")),
        malformed("signal gate without a type", () -> fixture(base()
                .node(signalGate("g0", "sig", null, "approved"))),
            error(ErrorCode.VALUE_REQUIRED, "g0")),
        malformed("signal gate without an output variable name", () -> fixture(base()
                .node(signalGate("g0", "sig", BOOLEAN, ""))),
            error(ErrorCode.VALUE_REQUIRED, "g0")),
        malformed("approve gate passing a str where an int is expected", () -> fixture(base()
                .node(taskNode("s", "t_str_out"))
                .node(approveGate("g0", "sig").bind("v", promise("s", "o0")))
                .node(taskNode("n2", "t_inc").bind("a", promise("g0", "v")))),
            error(ErrorCode.MISMATCHING_TYPES, "n2")),
        // Flyte reports this one on node id "" (it dereferences the missing sub-node); Aloft names the array node.
        malformed("array node without a sub-node", () -> fixture(base()
                .node(arrayNode("a0", null))),
            error(ErrorCode.VALUE_REQUIRED, "a0")),
        malformed("array node leaving its sub-node's input unbound", () -> fixture(base()
                .node(arrayNode("a0", taskNode("a0-sub", "t_map_inc")))),
            error(ErrorCode.PARAMETER_NOT_BOUND, "a0")),

        // --- workflow outputs, aliases, failure node
        // Like any promise of a missing node, Flyte names the missing node.
        malformed("workflow output bound to a node that does not exist", () -> fixture(base()
                .output("p", INTEGER, promise("ghost", "o0"))),
            error(ErrorCode.NODE_REFERENCE_NOT_FOUND, "ghost")),
        malformed("workflow output left unbound", () -> fixture(base()
                .declareOutput("p", INTEGER)),
            error(ErrorCode.PARAMETER_NOT_BOUND, END)),
        malformed("workflow output binding for an undeclared output", () -> fixture(base()
                .bindOutput("p", promise("n0", "o0"))),
            error(ErrorCode.VARIABLE_NAME_NOT_FOUND, END)),
        malformed("workflow output of the wrong type", () -> fixture(base()
                .output("p", STRING, promise("n0", "o0"))),
            error(ErrorCode.MISMATCHING_TYPES, END)),
        // Flyte puts the workflow id's proto text form in the node id; Aloft its p:d:name:v form.
        malformed("workflow with no nodes", () -> fixture(wf("wf").input("x", INTEGER)),
            error(ErrorCode.NO_NODES_FOUND, "p:d:wf:v1")),
        malformed("duplicate output alias", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", input("x")).alias("o0", "first").alias("o0", "second"))),
            error(ErrorCode.DUPLICATE_ALIAS, "n2")),
        malformed("output alias of an output the node does not have", () -> fixture(base()
                .node(taskNode("n2", "t_inc").bind("a", input("x")).alias("o9", "renamed"))),
            error(ErrorCode.PARAMETER_NOT_BOUND, "n2")),
        malformed("failure node with a binding of the wrong type", () -> fixture(base()
                .failureNode(taskNode("fn", "t_inc").bind("a", literalStr("oops")))),
            error(ErrorCode.MISMATCHING_TYPES, "fn")),
        malformed("failure node with an unbound input", () -> fixture(base()
                .failureNode(taskNode("fn", "t_add").bind("a", input("x")))),
            error(ErrorCode.PARAMETER_NOT_BOUND, "fn")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejects(Case c) {
    List<CompileError> errors = rejectedWith(c.name(), c.fixture().get());
    for (Expected e : c.expected()) {
      assertThat(errors).as("[%s] errors must include %s on node [%s]; all errors: %s", c.name(), e.code(),
              e.nodeId(), errors)
          .extracting(CompileError::code, CompileError::nodeId)
          .contains(tuple(e.code(), e.nodeId()));
    }
  }

  @Test
  void caseCount() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(35);
  }

  @Test
  void reportsSeveralIndependentProblemsAtOnce() {
    Fixture f = fixture(wf("wf").input("x", INTEGER)
        .node(taskNode("n0", "t_add").bind("a", input("x")))            // b unbound
        .node(taskNode("n1", "t_inc").bind("a", literalStr("one")))     // str into int
        .node(gateWithoutCondition("g0"))                               // gate without a condition
        .output("o", INTEGER, promise("n0", "o0"))
        .declareOutput("p", INTEGER));                                  // output unbound

    List<CompileError> errors = rejectedWith("several problems", f);

    assertThat(errors).extracting(CompileError::code, CompileError::nodeId).containsExactlyInAnyOrder(
        tuple(ErrorCode.PARAMETER_NOT_BOUND, "n0"),
        tuple(ErrorCode.MISMATCHING_TYPES, "n1"),
        tuple(ErrorCode.NO_CONDITION_FOUND, "g0"),
        tuple(ErrorCode.PARAMETER_NOT_BOUND, END));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Positive controls: the cases above are malformed only where they say.

  @Test
  void baseWorkflowCompiles() throws CompilationException {
    CompiledWorkflowClosure closure = fixture(base()).compile();
    assertThat(closure.getPrimary().getTemplate().getNodesList()).extracting(Node::getId)
        .contains(START, END, "n0", "n1");
  }

  @Test
  void optionalInputMayBeLeftUnbound() throws CompilationException {
    CompiledWorkflowClosure closure = fixture(base()
        .node(taskNode("n2", "t_opt").bind("a", input("x")))).compile();
    assertThat(closure.getPrimary().getTemplate().getNodesList()).extracting(Node::getId).contains("n2");
  }

  @Test
  void richWorkflowCompiles() throws CompilationException {
    CompiledWorkflowClosure closure = rich().compile();
    assertThat(closure.getPrimary().getTemplate().getNodesList()).extracting(Node::getId)
        .contains(START, END, "n0", "b0", "g0", "g1", "g2", "a0", "sw0", "lp0");
  }

  /** Uses every kind of node and binding the DSL offers; the fuzz test starts from it. */
  static Fixture rich() {
    WorkflowTemplate w = wf("rich")
        .input("x", INTEGER).input("s", STRING).input("xs", listOf(INTEGER))
        .input("color", enumOf("RED", "GREEN")).input("dc", POINT)
        .node(taskNode("n0", "t_add").bind("a", input("x")).bind("b", literalInt(2)))
        .node(taskNode("n1", "t_sum").bind("xs", collection(promise("n0", "o0"), literalInt(3), input("x"))))
        .node(taskNode("n2", "t_map_in").bind("m", map("k1", input("s"), "k2", literalStr("v"))))
        .node(taskNode("n3", "t_enum").bind("color", input("color")))
        .node(taskNode("n4", "t_union").bind("u", promise("n0", "o0")))
        .node(taskNode("n5", "t_opt").bind("a", promise(START, "dc", "a")))
        .node(taskNode("n6", "t_enum").bind("color", literalStr("GREEN")))
        .node(branch("b0").bind("x", promise("n1", "o0"))
            .when(gt(var("x"), intOperand(5)), taskNode("c1", "t_inc").bind("a", promise("n0", "o0")))
            .elif(eq(var("x"), intOperand(0)), taskNode("c2", "t_inc").bind("a", literalInt(1)))
            .otherwise(taskNode("c3", "t_inc").bind("a", input("x"))))
        .node(approveGate("g0", "ok").bind("y", promise("b0", "o0")))
        .node(signalGate("g1", "sig", BOOLEAN, "approved"))
        .node(sleepGate("g2", 10).after("g1"))
        .node(arrayNode("a0", taskNode("a0-sub", "t_map_inc")).bind("a", input("xs")))
        .node(subWorkflowNode("sw0", "sub").bind("a", promise("n0", "o0")))
        .node(launchPlanNode("lp0", "lp").bind("a", promise("sw0", "o")))
        .node(taskNode("d0", "t_dc_out"))
        .node(taskNode("n7", "t_inc").bind("a", promise("d0", "o0", "a")))
        .node(taskNode("n8", "t_inc").bind("a", promise("g0", "y")).after("g2"))
        .node(taskNode("n9", "t_add").bind("a", input("x")).bind("b", input("x")).alias("o0", "total"))
        .node(taskNode("n10", "t_union").bind("u", literalStr("s")))
        .output("o", INTEGER, promise("lp0", "o"))
        .output("total", INTEGER, promise("n9", "total"))
        .output("vals", listOf(INTEGER), promise("a0", "o0"))
        .output("flag", BOOLEAN, promise("g1", "approved"))
        .failureNode(taskNode("fn", "t_inc").bind("a", input("x")))
        .build();
    return Fixture.of(w, TASKS).withSubWorkflows(SUB).withLaunchPlans(LP);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Robustness: random mutations of a valid workflow are either compiled or rejected, never crash the compiler.

  @Test
  void randomMutationsNeverCrashTheCompiler() {
    Random random = new Random(0xA10F7L);
    Fixture valid = rich();
    int compiled = 0;
    int rejected = 0;
    for (int i = 0; i < 200; i++) {
      Mutator m = new Mutator(valid, random);
      int count = 1 + random.nextInt(3);
      for (int k = 0; k < count; k++) {
        m.mutate();
      }
      Fixture mutated = m.result();
      try {
        mutated.compile();
        compiled++;
      } catch (CompilationException e) {
        rejected++;
        assertThat(e.errors()).as("mutation #%d %s", i, m.log).isNotEmpty()
            .allSatisfy(err -> assertThat(err.code()).isNotNull())
            .allSatisfy(err -> assertThat(err.nodeId()).isNotNull())
            .allSatisfy(err -> assertThat(err.description()).isNotBlank());
      } catch (Throwable t) {
        fail("mutation #" + i + " " + m.log + " crashed the compiler instead of being reported", t);
      }
    }
    assertThat(rejected).as("most mutations break the workflow").isGreaterThan(100);
    assertThat(compiled + rejected).isEqualTo(200);
  }

  /** Applies random structural mutations to a copy of a fixture. */
  static final class Mutator {
    private static final String[] NODE_IDS = {"n0", "n1", "b0", "g0", "g1", "a0", "sw0", "lp0", START, END, "",
        "ghost", "b0-c1"};
    private static final String[] VAR_NAMES = {"o0", "o", "a", "x", "", "[0].o0", "o0[1]", "zz", "a-b", "total",
        "[x].o0"};
    private static final LiteralType[] TYPES = {INTEGER, STRING, FLOAT, BOOLEAN, NONE, STRUCT, listOf(INTEGER),
        mapOf(STRING), optional(INTEGER), INT_OR_STR, enumOf("A"), blob("csv"), POINT, LiteralType.getDefaultInstance(),
        union(), listOf(LiteralType.getDefaultInstance())};
    private static final BindingData[] BINDINGS = {literalInt(1), literalStr("s"), literalFloat(0.5),
        literalBool(false), literalNone(), collection(), map(), BindingData.getDefaultInstance(),
        collection(collection(literalInt(1))), map("k", promise("n0", "o0")), promise("", "x"),
        promise("n0", "o0", 0, "k"), promise(END, "o"), promise(START, "dc", "missing")};

    private final Random random;
    private final WorkflowTemplate.Builder primary;
    private final WorkflowTemplate.Builder sub;
    private final List<TaskTemplate> tasks;
    private final List<LaunchPlanInterface> launchPlans;
    private boolean dropSub;
    final List<String> log = new ArrayList<>();

    Mutator(Fixture f, Random random) {
      this.random = random;
      this.primary = f.primary().toBuilder();
      this.sub = f.subWorkflows().getFirst().toBuilder();
      this.tasks = new ArrayList<>(f.tasks());
      this.launchPlans = new ArrayList<>(f.launchPlans());
    }

    Fixture result() {
      return new Fixture(primary.build(), dropSub ? List.of() : List.of(sub.build()), tasks, launchPlans);
    }

    private <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }

    private <T> T pick(T[] items) {
      return items[random.nextInt(items.length)];
    }

    private WorkflowTemplate.Builder workflow() {
      return random.nextInt(5) == 0 ? sub : primary;
    }

    private List<Node.Builder> nodes(WorkflowTemplate.Builder w) {
      List<Node.Builder> out = new ArrayList<>();
      for (Node.Builder n : w.getNodesBuilderList()) {
        collect(n, out);
      }
      if (w.hasFailureNode()) {
        collect(w.getFailureNodeBuilder(), out);
      }
      return out;
    }

    private static void collect(Node.Builder n, List<Node.Builder> out) {
      out.add(n);
      if (n.hasBranchNode() && n.getBranchNode().hasIfElse()) {
        IfElseBlock.Builder ie = n.getBranchNodeBuilder().getIfElseBuilder();
        if (ie.hasCase() && ie.getCase().hasThenNode()) {
          collect(ie.getCaseBuilder().getThenNodeBuilder(), out);
        }
        for (int i = 0; i < ie.getOtherCount(); i++) {
          if (ie.getOther(i).hasThenNode()) {
            collect(ie.getOtherBuilder(i).getThenNodeBuilder(), out);
          }
        }
        if (ie.hasElseNode()) {
          collect(ie.getElseNodeBuilder(), out);
        }
      }
      if (n.hasArrayNode() && n.getArrayNode().hasNode()) {
        collect(n.getArrayNodeBuilder().getNodeBuilder(), out);
      }
    }

    /** Every binding list: each node's inputs and the workflow's outputs. */
    private List<List<Binding.Builder>> bindingLists(WorkflowTemplate.Builder w) {
      List<List<Binding.Builder>> out = new ArrayList<>();
      for (Node.Builder n : nodes(w)) {
        if (n.getInputsCount() > 0) {
          out.add(n.getInputsBuilderList());
        }
      }
      if (w.getOutputsCount() > 0) {
        out.add(w.getOutputsBuilderList());
      }
      return out;
    }

    private List<BindingData.Builder> bindingData(WorkflowTemplate.Builder w) {
      List<BindingData.Builder> out = new ArrayList<>();
      for (List<Binding.Builder> list : bindingLists(w)) {
        for (Binding.Builder b : list) {
          if (b.hasBinding()) {
            collectData(b.getBindingBuilder(), out);
          }
        }
      }
      return out;
    }

    private static void collectData(BindingData.Builder d, List<BindingData.Builder> out) {
      out.add(d);
      if (d.hasCollection()) {
        for (BindingData.Builder item : d.getCollectionBuilder().getBindingsBuilderList()) {
          collectData(item, out);
        }
      }
      // Map values are not reachable as builders; maps are replaced wholesale instead.
    }

    void mutate() {
      WorkflowTemplate.Builder w = workflow();
      String where = w == sub ? "sub" : "primary";
      List<Node.Builder> nodes = nodes(w);
      Node.Builder n = nodes.isEmpty() ? null : pick(nodes);
      int kind = random.nextInt(20);
      switch (kind) {
        case 0 -> { // delete a binding
          List<Node.Builder> bound = nodes.stream().filter(x -> x.getInputsCount() > 0).toList();
          if (!bound.isEmpty() && (w.getOutputsCount() == 0 || random.nextInt(4) > 0)) {
            Node.Builder owner = pick(bound);
            int idx = random.nextInt(owner.getInputsCount());
            log.add(where + ": delete binding " + owner.getInputs(idx).getVar() + " of " + owner.getId());
            owner.removeInputs(idx);
          } else if (w.getOutputsCount() > 0) {
            log.add(where + ": delete a workflow output binding");
            w.removeOutputs(random.nextInt(w.getOutputsCount()));
          }
        }
        case 1 -> { // rename a binding's variable
          List<List<Binding.Builder>> lists = bindingLists(w);
          if (!lists.isEmpty()) {
            Binding.Builder b = pick(pick(lists));
            String name = pick(VAR_NAMES);
            log.add(where + ": rename binding " + b.getVar() + " -> " + name);
            b.setVar(name);
          }
        }
        case 2 -> { // change a promise's variable
          List<BindingData.Builder> promises = bindingData(w).stream().filter(BindingData.Builder::hasPromise)
              .toList();
          if (!promises.isEmpty()) {
            String name = pick(VAR_NAMES);
            log.add(where + ": promise var -> " + name);
            pick(promises).getPromiseBuilder().setVar(name);
          }
        }
        case 3 -> { // change a promise's node
          List<BindingData.Builder> promises = bindingData(w).stream().filter(BindingData.Builder::hasPromise)
              .toList();
          if (!promises.isEmpty()) {
            String id = pick(NODE_IDS);
            log.add(where + ": promise node -> " + id);
            pick(promises).getPromiseBuilder().setNodeId(id);
          }
        }
        case 4 -> { // swap two node ids
          if (nodes.size() >= 2) {
            Node.Builder a = pick(nodes);
            Node.Builder b = pick(nodes);
            String ida = a.getId();
            log.add(where + ": swap ids " + ida + " <-> " + b.getId());
            a.setId(b.getId());
            b.setId(ida);
          }
        }
        case 5 -> { // set a node id to something odd
          if (n != null) {
            String id = pick(NODE_IDS);
            log.add(where + ": node " + n.getId() + " id -> " + id);
            n.setId(id);
          }
        }
        case 6 -> { // clear a node's target
          if (n != null) {
            log.add(where + ": clear target of " + n.getId());
            n.clearTarget();
          }
        }
        case 7 -> { // change a task interface type
          int idx = random.nextInt(tasks.size());
          TaskTemplate t = tasks.get(idx);
          boolean in = random.nextBoolean();
          VariableMap vars = in ? t.getInterface().getInputs() : t.getInterface().getOutputs();
          if (vars.getVariablesCount() > 0) {
            String name = pick(new ArrayList<>(vars.getVariablesMap().keySet()));
            LiteralType type = pick(TYPES);
            log.add("task " + t.getId().getName() + (in ? " input " : " output ") + name + " type -> " + type);
            VariableMap changed = vars.toBuilder().putVariables(name, Variable.newBuilder().setType(type).build())
                .build();
            var iface = t.getInterface().toBuilder();
            if (in) {
              iface.setInputs(changed);
            } else {
              iface.setOutputs(changed);
            }
            tasks.set(idx, t.toBuilder().setInterface(iface).build());
          }
        }
        case 8 -> { // change a workflow interface type, or drop a variable's type
          var iface = w.getInterfaceBuilder();
          boolean in = random.nextBoolean();
          VariableMap.Builder vars = in ? iface.getInputsBuilder() : iface.getOutputsBuilder();
          if (vars.getVariablesCount() > 0) {
            String name = pick(new ArrayList<>(vars.getVariablesMap().keySet()));
            Variable v = random.nextInt(4) == 0 ? Variable.getDefaultInstance()
                : Variable.newBuilder().setType(pick(TYPES)).build();
            log.add(where + (in ? " input " : " output ") + name + " -> " + v);
            vars.putVariables(name, v);
          }
        }
        case 9 -> { // add an upstream node id
          if (n != null) {
            String id = pick(NODE_IDS);
            log.add(where + ": " + n.getId() + " after " + id);
            n.addUpstreamNodeIds(id);
          }
        }
        case 10 -> { // break a branch
          List<Node.Builder> branches = nodes.stream().filter(Node.Builder::hasBranchNode).toList();
          if (!branches.isEmpty()) {
            IfElseBlock.Builder ie = pick(branches).getBranchNodeBuilder().getIfElseBuilder();
            switch (random.nextInt(6)) {
              case 0 -> {
                log.add(where + ": branch clear case");
                ie.clearCase();
              }
              case 1 -> {
                log.add(where + ": branch clear default");
                ie.clearDefault();
              }
              case 2 -> {
                log.add(where + ": branch clear case condition");
                ie.getCaseBuilder().clearCondition();
              }
              case 3 -> {
                log.add(where + ": branch clear case then-node");
                ie.getCaseBuilder().clearThenNode();
              }
              case 4 -> {
                log.add(where + ": branch clear elifs");
                ie.clearOther();
              }
              default -> {
                log.add(where + ": branch clear if-else");
                pick(branches).getBranchNodeBuilder().clearIfElse();
              }
            }
          }
        }
        case 11 -> { // drop a referenced entity
          switch (random.nextInt(3)) {
            case 0 -> {
              TaskTemplate t = tasks.remove(random.nextInt(tasks.size()));
              log.add("drop task " + t.getId().getName());
            }
            case 1 -> {
              log.add("drop sub-workflow");
              dropSub = true;
            }
            default -> {
              log.add("drop launch plans");
              launchPlans.clear();
            }
          }
        }
        case 12 -> { // break a gate or an array node
          List<Node.Builder> gates = nodes.stream().filter(x -> x.hasGateNode() || x.hasArrayNode()).toList();
          if (!gates.isEmpty()) {
            Node.Builder g = pick(gates);
            log.add(where + ": break " + g.getId());
            if (g.hasGateNode()) {
              if (g.getGateNode().hasSignal() && random.nextBoolean()) {
                g.getGateNodeBuilder().getSignalBuilder().clearType();
              } else {
                g.getGateNodeBuilder().clearCondition();
              }
            } else {
              g.getArrayNodeBuilder().clearNode();
            }
          }
        }
        case 13, 14 -> { // replace some binding data
          List<BindingData.Builder> data = bindingData(w);
          if (!data.isEmpty()) {
            BindingData replacement = pick(BINDINGS);
            log.add(where + ": binding data -> " + replacement.getValueCase());
            pick(data).clear().mergeFrom(replacement);
          }
        }
        case 15 -> { // failure node trouble
          if (random.nextBoolean()) {
            log.add(where + ": failure node -> empty node");
            w.setFailureNode(Node.newBuilder().setId(pick(NODE_IDS)));
          } else {
            log.add(where + ": clear failure node");
            w.clearFailureNode();
          }
        }
        case 16 -> { // interface trouble
          log.add(where + ": clear interface");
          w.clearInterface();
        }
        case 17 -> { // add an output alias
          if (n != null) {
            String var = pick(VAR_NAMES);
            String alias = pick(VAR_NAMES);
            log.add(where + ": alias " + var + " -> " + alias + " on " + n.getId());
            n.addOutputAliases(Alias.newBuilder().setVar(var).setAlias(alias));
          }
        }
        case 18 -> { // duplicate or delete a node
          if (w.getNodesCount() > 0) {
            int idx = random.nextInt(w.getNodesCount());
            if (random.nextBoolean()) {
              log.add(where + ": duplicate node " + w.getNodes(idx).getId());
              w.addNodes(w.getNodes(idx));
            } else {
              log.add(where + ": delete node " + w.getNodes(idx).getId());
              w.removeNodes(idx);
            }
          }
        }
        default -> { // change a task reference
          List<Node.Builder> taskNodes = nodes.stream().filter(Node.Builder::hasTaskNode).toList();
          if (!taskNodes.isEmpty()) {
            TaskTemplate t = pick(TASKS);
            Node.Builder tn = pick(taskNodes);
            log.add(where + ": " + tn.getId() + " now runs " + t.getId().getName());
            tn.getTaskNodeBuilder().setReferenceId(t.getId());
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Compiles, asserting the compiler rejects the workflow with a CompilationException and nothing else. */
  private static List<CompileError> rejectedWith(String name, Fixture f) {
    CompiledWorkflowClosure closure;
    try {
      closure = f.compile();
    } catch (CompilationException e) {
      assertThat(e.errors()).as("a CompilationException lists at least one error").isNotEmpty();
      return e.errors();
    } catch (RuntimeException | Error e) {
      throw new AssertionError("[" + name + "] the compiler threw " + e + " instead of a CompilationException", e);
    }
    throw new AssertionError("[" + name + "] expected a CompilationException, but the workflow compiled:\n"
        + closure.getPrimary().getTemplate());
  }
}
