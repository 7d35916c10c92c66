package io.aloft.engine;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link WorkflowExecutorTest} again, with each round's node and task events sent through event lanes
 * (8 at once): the same phases, events and refusal handling as one by one.
 */
@ExtendWith(EventLanes.class)
class WorkflowExecutorWithEventLanesTest extends WorkflowExecutorTest {}
