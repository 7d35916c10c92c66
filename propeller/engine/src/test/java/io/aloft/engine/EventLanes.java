package io.aloft.engine;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a test class's cases with each round's events sent through 8 event lanes instead of one by one. */
final class EventLanes implements BeforeAllCallback, AfterAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Harness.eventConcurrency = 8;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Harness.eventConcurrency = 1;
  }
}
