package io.aloft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.Execution.ExecutionError;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
  @Test
  void writesFlytesKeysAndIntPhases() {
    WorkflowStatus s = new WorkflowStatus();
    Instant t = Instant.parse("2026-01-01T10:00:00.123Z");
    s.updatePhase(WorkflowPhase.RUNNING, t, null);
    s.dataDir = "s3://b/metadata/propeller/p-d-e";
    NodeStatus n = s.node("n0");
    n.updatePhase(NodePhase.QUEUED, t, "queued", null);
    n.updatePhase(NodePhase.RUNNING, t.plusSeconds(1), null, null);
    n.attempts = 2;
    n.taskStatus().phase = 2;
    n.taskStatus().phaseVersion = 3;
    n.taskStatus().pluginState = new byte[] {1, 2};
    n.updatePhase(NodePhase.FAILED, t.plusSeconds(2), "boom",
        ExecutionError.newBuilder().setCode("X").setMessage("boom").setKind(ExecutionError.ErrorKind.USER).build());

    JsonNode json = StatusJson.toNode(s);

    assertThat(json.get("phase").asInt()).isEqualTo(1);
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
    JsonNode node = json.get("nodeStatus").get("n0");
    assertThat(node.get("phase").asInt()).isEqualTo(6);
    assertThat(node.get("queuedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(node.get("laStartedAt").asText()).isEqualTo("2026-01-01T10:00:01Z");
    assertThat(node.get("stoppedAt").asText()).isEqualTo("2026-01-01T10:00:02Z");
    assertThat(node.get("attempts").asInt()).isEqualTo(2);
    assertThat(node.has("systemFailures")).isFalse();
    assertThat(node.get("TaskNodeStatus").get("phaseVersion").asInt()).isEqualTo(3);
    assertThat(node.get("TaskNodeStatus").get("pState").asText()).isEqualTo("AQI=");
    assertThat(node.get("error").get("kind").asText()).isEqualTo("USER");

    WorkflowStatus back = StatusJson.fromNode(json);
    assertThat(StatusJson.toNode(back)).isEqualTo(json);
    assertThat(back.nodeStatus.get("n0").phase).isEqualTo(NodePhase.FAILED);
  }

  @Test
  void readsAStatusWrittenByFlyte() throws Exception {
    String flyte = """
        {"phase":4,"startedAt":"2026-01-01T00:00:00Z","dataDir":"s3://b/x","failedAttempts":1,"defVersion":1,
         "nodeStatus":{"n0":{"phase":8,"attempts":1,"systemFailures":1,"message":"m",
           "TaskNodeStatus":{"phase":4,"phaseVersion":1,"pState":"AQI=","psv":1,"tick":2,"clean":true},
           "branchStatus":{"phase":1}}}}""";
    WorkflowStatus s = StatusJson.fromNode(new ObjectMapper().readTree(flyte));
    assertThat(s.phase).isEqualTo(WorkflowPhase.FAILING);
    assertThat(s.failedAttempts).isEqualTo(1);
    NodeStatus n = s.nodeStatus.get("n0");
    assertThat(n.phase).isEqualTo(NodePhase.RETRYABLE_FAILURE);
    assertThat(n.systemFailures).isEqualTo(1);
    assertThat(n.taskNodeStatus.pluginState).containsExactly(1, 2);
  }

  @Test
  void readsAndWritesFlytesNestedNodeStatuses() throws Exception {
    // As flytepropeller writes a running sub-workflow node and a decided branch (node_status.go json tags).
    String json = """
        {"phase": 1, "nodeStatus": {
          "b": {"phase": 2, "branchStatus": {"phase": 1, "finalNodeId": "b-n0"}},
          "b-n0": {"phase": 1, "parentNode": "b"},
          "s": {"phase": 2, "workflowNodeStatus": {"phase": 2,
                  "executionError": {"code": "Boom", "message": "m", "kind": 1}},
                "subNodeStatus": {"n0": {"phase": 6, "attempts": 1,
                  "subNodeStatus": {"start-node": {"phase": 5}}}}}}}
        """;
    WorkflowStatus st = StatusJson.fromNode(new ObjectMapper().readTree(json));

    assertThat(st.nodeStatus.get("b").branchStatus.finalNodeId).isEqualTo("b-n0");
    assertThat(st.nodeStatus.get("b-n0").parentNode).isEqualTo("b");
    NodeStatus sub = st.nodeStatus.get("s");
    assertThat(sub.workflowNodeStatus.phase).isEqualTo(2);
    assertThat(sub.workflowNodeStatus.executionError.toProto()).isEqualTo(ExecutionError.newBuilder()
        .setCode("Boom").setMessage("m").setKind(ExecutionError.ErrorKind.USER).build());
    assertThat(sub.subNodeStatus.get("n0").phase).isEqualTo(NodePhase.FAILED);
    assertThat(sub.subNodeStatus.get("n0").attempts).isEqualTo(1);
    assertThat(sub.subNodeStatus.get("n0").subNodeStatus.get("start-node").phase).isEqualTo(NodePhase.SUCCEEDED);
    JsonNode back = StatusJson.toNode(st);
    assertThat(back).isEqualTo(new ObjectMapper().readTree(json));
  }
}
