package io.aloft.engine;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link NestedNodesTest} again with event lanes: nested nodes' events share their top-level node's
 * lane, so admin still sees a parent's events before its children's.
 */
@ExtendWith(EventLanes.class)
class NestedNodesWithEventLanesTest extends NestedNodesTest {}
