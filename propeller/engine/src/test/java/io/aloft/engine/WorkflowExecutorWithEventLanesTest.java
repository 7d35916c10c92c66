package io.aloft.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link WorkflowExecutorTest} again, with each round's node and task events sent through event lanes
 * (8 at once): the same phases, events and refusal handling as one by one.
 */
class WorkflowExecutorWithEventLanesTest extends WorkflowExecutorTest {
  @BeforeAll
  static void lanesOn() {
    Harness.eventConcurrency = 8;
  }

  @AfterAll
  static void lanesOff() {
    Harness.eventConcurrency = 1;
  }
}
