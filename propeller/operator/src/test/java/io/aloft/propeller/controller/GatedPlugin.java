package io.aloft.propeller.controller;

import io.aloft.engine.plugin.EchoPlugin;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPlugin;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task type {@value #TYPE}: holds the round that runs it until the test opens the gate, then echoes. While closed,
 * each of its tasks keeps one worker busy, which makes the number of rounds running at once countable. Other tests
 * never use the type, so the bean is inert for them.
 */
@ApplicationScoped
public class GatedPlugin implements TaskPlugin {
  static final String TYPE = "knob-gated";

  private final EchoPlugin echo = new EchoPlugin();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();

  @Override
  public String id() {
    return TYPE;
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of(TYPE);
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) throws Exception {
    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    try {
      // bounded, so that a failed test does not hold the workers for ever
      gate.await(2, TimeUnit.MINUTES);
    } finally {
      inside.decrementAndGet();
    }
    return echo.handle(ctx);
  }

  /** Rounds held at the gate now. */
  public int inside() {
    return inside.get();
  }

  /** The most rounds held at the gate at once so far. */
  public int mostInside() {
    return mostInside.get();
  }

  public void open() {
    gate.countDown();
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {}

  @Override
  public void finalize(TaskExecutionContext ctx) {}
}
