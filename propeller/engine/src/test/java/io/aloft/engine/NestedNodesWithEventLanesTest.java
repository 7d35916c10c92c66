package io.aloft.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link NestedNodesTest} again with event lanes: nested nodes' events share their top-level node's
 * lane, so admin still sees a parent's events before its children's.
 */
class NestedNodesWithEventLanesTest extends NestedNodesTest {
  @BeforeAll
  static void lanesOn() {
    Harness.eventConcurrency = 8;
  }

  @AfterAll
  static void lanesOff() {
    Harness.eventConcurrency = 1;
  }
}
