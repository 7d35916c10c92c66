package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.WorkflowExecutorTest.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Execution.ExecutionError;
import io.aloft.engine.plugin.PluginTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reliability bug 5: propeller's log tells an operator what each execution did, with its id. */
class PhaseLogTest {
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger logger = Logger.getLogger("io.aloft.engine.phases");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void phaseChangesRetriesAndFailuresAreLoggedWithTheExecutionId() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.logged").input("x", INT)
        .node("n0", scripted("t_log", 1), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec-logged", inputs("x", intLit(1)), 0));
    h.scripted.scripts.put("n0", c -> PluginTransition.retryableFailure("Boom", "it broke",
        ExecutionError.ErrorKind.USER));

    h.untilQuiet();

    List<String> lines = records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    assertThat(lines).contains("INFO [proj/dev/exec-logged] workflow RUNNING",
        "INFO [proj/dev/exec-logged] node n0 QUEUED",
        "WARNING [proj/dev/exec-logged] node n0 attempt 0 failed, retrying: [Boom] it broke",
        "WARNING [proj/dev/exec-logged] node n0 FAILED: [RetriesExhausted|Boom] it broke");
    assertThat(lines).anyMatch(l -> l.startsWith("WARNING [proj/dev/exec-logged] workflow FAILED"));
  }
}
