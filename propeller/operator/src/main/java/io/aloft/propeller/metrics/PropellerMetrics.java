package io.aloft.propeller.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.aloft.propeller.plugin.pod.QuotaBackOff;
import io.aloft.propeller.store.StoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Propeller's Prometheus metrics (flytepropeller's round, workflow store and queue metrics under Aloft names). The
 * golden signal is {@code aloft_propeller_round_time_seconds}: a histogram, so quantiles aggregate across replicas.
 */
public final class PropellerMetrics implements StoreMetrics {
  private final MeterRegistry registry;
  private final Timer roundTime;
  private final DistributionSummary streakLength;
  private final Counter roundSuccess;
  private final Counter roundError;
  private final Counter roundSkipped;
  private final Counter roundAgain;
  private final Counter roundAbortError;
  private final Counter roundNotFound;
  private final Counter wfUpdated;
  private final Counter wfUpdateConflict;
  private final Counter wfUpdateFailed;
  private final Counter wfStale;
  private final Counter wfEvict;
  private final Counter wfRedundant;
  private final Timer wfUpdateLatency;
  private final DistributionSummary eventAttempts;
  private final ConcurrentHashMap<String, Counter> transitions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> eventTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> storageTimers = new ConcurrentHashMap<>();
  private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  public PropellerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.roundTime = Timer.builder("aloft.propeller.round.time")
        .description("Time of one evaluation round of one workflow (the golden signal)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    this.streakLength = DistributionSummary.builder("aloft.propeller.round.streak.length")
        .description("Consecutive rounds a worker ran on one workflow per dequeue").publishPercentileHistogram()
        .minimumExpectedValue(1.0).maximumExpectedValue(64.0).register(registry);
    this.roundSuccess = counter("aloft.propeller.round.success", "Rounds that completed");
    this.roundError = counter("aloft.propeller.round.error", "Rounds failed with a system error");
    this.roundSkipped = counter("aloft.propeller.round.skipped", "Rounds skipped (stale cache or terminated)");
    this.roundAgain = counter("aloft.propeller.round.events.again",
        "Rounds evaluated again with events one by one after a concurrent event was refused");
    this.roundAbortError = counter("aloft.propeller.round.abort.error", "Workflows aborted after max-workflow-retries");
    this.roundNotFound = counter("aloft.propeller.round.not.found", "Queued workflows that no longer exist");
    this.wfUpdated = counter("aloft.propeller.wf.updated", "Workflow status writes accepted");
    this.wfUpdateConflict = counter("aloft.propeller.wf.update.conflict",
        "Workflow writes refused with 409 (stale resource version)");
    this.wfUpdateFailed = counter("aloft.propeller.wf.update.failed", "Workflow writes failed otherwise");
    this.wfStale = counter("aloft.propeller.wf.stale", "Reads of a version this propeller already replaced");
    this.wfEvict = counter("aloft.propeller.wf.evict", "Terminated workflows evicted from the version cache");
    this.wfRedundant = counter("aloft.propeller.wf.redundant", "Writes that changed nothing");
    this.wfUpdateLatency = Timer.builder("aloft.propeller.wf.update.latency")
        .description("Latency of workflow writes to the API server").publishPercentileHistogram()
        .register(registry);
    this.eventAttempts = DistributionSummary.builder("aloft.propeller.event.attempts")
        .description("Calls to admin per event sent: the first and its retries (event.max-retries)")
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  /** Gauges read from the queue and worker pool. */
  public void queueGauges(Supplier<Number> depth, Supplier<Number> busy, Supplier<Number> free,
      Supplier<Number> dropped) {
    gauge("aloft.propeller.workqueue.depth", "Workflows waiting in the work queue", depth);
    gauge("aloft.propeller.workers.busy", "Workers evaluating a workflow now", busy);
    gauge("aloft.propeller.free.workers.count", "Workers waiting for a workflow (Flyte's free_workers_count)", free);
    FunctionCounter.builder("aloft.propeller.workqueue.dropped", held(dropped), s -> s.get().doubleValue())
        .description("Adds refused by a full work queue").register(registry);
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, held(value), s -> s.get().doubleValue()).description(description).register(registry);
  }

  /**
   * Keeps {@code state} reachable as long as these metrics are. Micrometer's function meters hold their state
   * object weakly, and a lambda nobody else holds would be collected at the next GC, the meter reading NaN after.
   */
  private <T> T held(T state) {
    held.add(state);
    return state;
  }

  /**
   * Propeller's {@code kube-client-config} rate limiter. Requests: every write propeller sends to the API server
   * (workflow status and metadata, pod creates, deletes and patches) and the pod reads its informer could not answer;
   * their rate is the write load propeller puts on the API server, at most {@code qps} per second beyond the first
   * {@code burst}. Waits: requests that found the bucket empty; throttled: the time they waited; tokens: what the
   * bucket holds now ({@code burst} when idle).
   */
  public void kubeClient(LongSupplier requests, LongSupplier waits, DoubleSupplier waitedSeconds,
      DoubleSupplier tokens) {
    FunctionCounter.builder("aloft.propeller.kube.client.requests", held(requests), LongSupplier::getAsLong)
        .description("Requests sent to the API server").register(registry);
    FunctionCounter.builder("aloft.propeller.kube.client.waits", held(waits), LongSupplier::getAsLong)
        .description("Requests to the API server that waited for the rate limiter (kube-client-config.qps)")
        .register(registry);
    TimeGauge.builder("aloft.propeller.kube.client.throttled", held(waitedSeconds), TimeUnit.SECONDS,
        DoubleSupplier::getAsDouble).description("Time spent waiting for the API-server rate limiter")
        .register(registry);
    Gauge.builder("aloft.propeller.kube.client.tokens", held(tokens), DoubleSupplier::getAsDouble)
        .description("Tokens in the API-server rate limiter's bucket (kube-client-config.burst when idle)")
        .register(registry);
  }

  /**
   * A Caffeine cache's statistics under {@code name} ({@link CacheMeters}): the storage cache
   * ({@code aloft.storage.cache.max-size-mbs}, whose hit and miss rates the guide asks to watch), the closure cache
   * and the workflow stores' terminated filter.
   */
  public void cache(String name, Cache<?, ?> cache, String what) {
    CacheMeters.register(registry, name, held(cache), what);
  }

  /**
   * The pod launches' back-off ({@code tasks.backoff}): refusals by reason ({@code quota}, {@code throttled},
   * {@code timeout}), launches deferred while backing off, keys backing off now, and each refusal's computed wait
   * (a timer: its max never exceeds {@code tasks.backoff.max-duration}).
   */
  public void taskBackOff(QuotaBackOff backOff) {
    held(backOff);
    for (QuotaBackOff.Reason reason : QuotaBackOff.Reason.values()) {
      FunctionCounter.builder("aloft.propeller.tasks.backoff.refusals", backOff, b -> b.refusals(reason))
          .tag("reason", reason.tag()).description("Pod creations the API server refused and that back off")
          .register(registry);
    }
    FunctionCounter.builder("aloft.propeller.tasks.backoff.deferred", backOff, QuotaBackOff::deferred)
        .description("Pod launches not tried because their namespace was backing off").register(registry);
    Gauge.builder("aloft.propeller.tasks.backoff.active", backOff, b -> b.backingOff(java.time.Instant.now()))
        .description("Namespaces (and resource kinds) backing off now").register(registry);
    Timer delay = Timer.builder("aloft.propeller.tasks.backoff.delay")
        .description("The wait each refusal started (tasks.backoff.base-second doubled, up to .max-duration)")
        .register(registry);
    backOff.onRefusal((reason, wait) -> delay.record(wait));
  }

  /**
   * An informer's periodic resync (workflows: {@code workflow-reeval-duration}; pods: {@code downstream-eval-duration}):
   * the period it was scheduled with, and the resyncs so far. Their rate is the re-evaluation load without events.
   */
  public void resync(String informer, Duration period, LongSupplier resyncs) {
    TimeGauge.builder("aloft.propeller.resync.period", held(period), TimeUnit.MILLISECONDS, Duration::toMillis)
        .tag("informer", informer).description("Resync period of the informer, as scheduled").register(registry);
    FunctionCounter.builder("aloft.propeller.resyncs", held(resyncs), LongSupplier::getAsLong)
        .tag("informer", informer).description("Periodic resyncs of the informer").register(registry);
  }

  /** One event was sent (or given up on) after {@code attempts} calls to admin. */
  public void eventAttempts(int attempts) {
    eventAttempts.record(attempts);
  }

  public void round(long nanos) {
    roundTime.record(Duration.ofNanos(nanos));
  }

  public void streak(int rounds) {
    streakLength.record(rounds);
  }

  public void roundSuccess() {
    roundSuccess.increment();
  }

  public void roundError() {
    roundError.increment();
  }

  public void roundSkipped() {
    roundSkipped.increment();
  }

  public void roundEvaluatedAgain() {
    roundAgain.increment();
  }

  public void abortedAfterRetries() {
    roundAbortError.increment();
  }

  public void notFound() {
    roundNotFound.increment();
  }

  public void updated(long nanos) {
    wfUpdated.increment();
    wfUpdateLatency.record(Duration.ofNanos(nanos));
  }

  public void updateFailed() {
    wfUpdateFailed.increment();
  }

  /** A node or workflow entered {@code phase} (counted from the events the engine sends). */
  public void transition(String entity, String phase) {
    transitions.computeIfAbsent(entity + "/" + phase, k -> Counter.builder("aloft.propeller." + entity
        + ".transitions").description(entity + " phase transitions").tag("phase", phase).register(registry))
        .increment();
  }

  /** One event recorded with admin (or refused) in {@code nanos}. */
  public void eventRecorded(String entity, long nanos) {
    eventTimers.computeIfAbsent(entity, e -> Timer.builder("aloft.propeller.event.recording")
        .description("Latency of recording an event with admin").tag("entity", e).publishPercentileHistogram()
        .register(registry)).record(Duration.ofNanos(nanos));
  }

  /** A timer of storage operations by kind (read, write, head). */
  public Timer storage(String op) {
    return storageTimers.computeIfAbsent(op, o -> Timer.builder("aloft.propeller.storage.latency")
        .description("Latency of blob store operations").tag("op", o).publishPercentileHistogram()
        .register(registry));
  }

  /** A counter by name (cache and plugin counters). */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void stale() {
    wfStale.increment();
  }

  @Override
  public void evicted() {
    wfEvict.increment();
  }

  @Override
  public void redundantUpdate() {
    wfRedundant.increment();
  }

  @Override
  public void conflict() {
    wfUpdateConflict.increment();
  }
}
