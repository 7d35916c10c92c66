package io.aloft.engine.node;

import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.Catalog.CatalogReservation;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.engine.EngineException;
import io.aloft.engine.cache.CacheEntry;
import io.aloft.engine.cache.CacheException;
import io.aloft.engine.cache.CacheKey;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.Reservation;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.TaskNodeStatus;
import java.util.Optional;

/**
 * The task cache around a task node's plugin (flytepropeller nodes/cache.go and the cache steps of nodes/executor.go
 * handleNotYetStartedNode/handleQueuedOrRunningNode):
 * <ul>
 *   <li>before the plugin first runs (node Queued): look the outputs up, unless the execution overwrites the cache
 *       (CACHE_SKIPPED); a hit writes them as the attempt's outputs and the node succeeds without the plugin;</li>
 *   <li>serializable tasks then take (or, every later round, extend) the reservation; while another owner holds it,
 *       a node that has not launched stays Queued ("waiting on serialized cache") and looks again each round;</li>
 *   <li>after the plugin succeeded: put (or update, overwriting) the outputs, then release the reservation;
 *       failures there are counted and otherwise ignored.</li>
 * </ul>
 * A failed lookup or reservation call fails the round ({@link EngineException}), as Flyte returns the error from
 * the node executor; the round is retried with nothing persisted. Two failures retrying cannot mend are not
 * repeated forever: a task without a discovery version fails its node ({@code InvalidCacheKey}), and a cached
 * artifact that does not match the task's outputs counts as a lookup failure and then as a miss.
 */
final class TaskCaching {
  /** Flyte's node message while the reservation is held by someone else (cacheSerializedReason). */
  static final String WAITING = "waiting on serialized cache";

  private final TaskCache cache;
  private final CacheMetrics metrics;

  TaskCaching(TaskCache cache, CacheMetrics metrics) {
    this.cache = cache;
    this.metrics = metrics;
  }

  /** Whether {@code task} is cached here (IsCacheable). */
  boolean cacheable(TaskTemplate task) {
    return cache != null && task.getMetadata().getDiscoverable();
  }

  static boolean serializable(TaskTemplate task) {
    return task.getMetadata().getDiscoverable() && task.getMetadata().getCacheSerializable();
  }

  static boolean overwrite(NodeContext ctx) {
    return ctx.exec().overwriteCache();
  }

  /** The plugin has run for this attempt (it reported a phase or kept state). */
  static boolean launched(TaskNodeStatus ts) {
    return ts != null && (ts.lastPhaseUpdatedAt != null || ts.pluginState != null);
  }

  /** The reservation owner of this attempt: FixedLengthUniqueID(50, execName-nodeId-attempt). */
  static String ownerId(NodeContext ctx) {
    return DataLayout.generatedName(ctx.exec().executionId().getName(), ctx.uniqueId(), ctx.attempt());
  }

  /** The attempt's cache key; IllegalArgumentException when the task cannot have one (no discovery version). */
  CacheKey key(NodeContext ctx, TaskTemplate task) {
    CacheKey key = CacheKey.of(task, ctx.inputs());
    key.datasetId();
    return key;
  }

  /**
   * The steps before the plugin call; a transition when the plugin must not run this round (a hit, or waiting on
   * another owner's reservation).
   */
  Optional<Transition> before(NodeContext ctx, TaskTemplate task) {
    NodeStatus ns = ctx.status();
    boolean fresh = ns.phase == NodePhase.QUEUED && !launched(ns.taskNodeStatus);
    boolean overwrite = overwrite(ctx);
    boolean serializable = serializable(task);
    boolean reserve = serializable && !overwrite;
    if (!fresh && !reserve) {
      return Optional.empty();
    }
    TaskNodeStatus ts = ns.taskStatus();
    ts.clearCatalogKey();
    CacheKey key;
    try {
      key = key(ctx, task);
    } catch (IllegalArgumentException e) {
      // Retrying cannot help: fail the node rather than every round.
      return Optional.of(Transition.permanent("InvalidCacheKey", e.getMessage(),
          flyteidl.core.Execution.ExecutionError.ErrorKind.USER));
    }
    if (fresh) {
      if (overwrite) {
        if (ts.cacheStatus != CatalogCacheStatus.CACHE_SKIPPED_VALUE) {
          ts.cacheOutcome(CatalogCacheStatus.CACHE_SKIPPED_VALUE, null);
          metrics.skip();
        }
      } else if (ts.cacheStatus == 0 || WAITING.equals(ns.message)) {
        Optional<CacheEntry> hit = lookup(ctx, key);
        if (hit.isPresent()) {
          if (task.getInterface().getOutputs().getVariablesCount() > 0) {
            ctx.blobs().writeProto(ctx.outputsPath(), hit.get().outputs());
          }
          ns.markCached();
          ts.cacheOutcome(CatalogCacheStatus.CACHE_HIT_VALUE, hit.get().metadata());
          return Optional.of(Transition.success());
        }
        ts.cacheOutcome(CatalogCacheStatus.CACHE_MISS_VALUE, null);
      }
    }
    if (reserve) {
      String owner = ownerId(ctx);
      Reservation r;
      try {
        r = cache.getOrExtendReservation(key, owner, ctx.config().workflowReevalDuration());
        metrics.reservationGetSuccess();
      } catch (CacheException | RuntimeException e) {
        metrics.reservationGetFailure();
        throw new EngineException("cache reservation of node " + ctx.nodeId() + " failed: " + e.getMessage(), e);
      }
      if (owner.equals(r.ownerId())) {
        ts.reservationOutcome(CatalogReservation.Status.RESERVATION_ACQUIRED_VALUE);
      } else {
        ts.reservationOutcome(CatalogReservation.Status.RESERVATION_EXISTS_VALUE);
        if (fresh) {
          ns.replaceMessage(WAITING);
          return Optional.of(Transition.queued(WAITING));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<CacheEntry> lookup(NodeContext ctx, CacheKey key) {
    Optional<CacheEntry> e;
    try {
      e = cache.get(key);
    } catch (CacheException ex) {
      metrics.getFailure();
      if (ex.kind() == CacheException.Kind.INVALID) {
        // The cached artifact does not fit the task's outputs: run the task, whose put replaces it.
        return Optional.empty();
      }
      throw new EngineException("cache lookup of node " + ctx.nodeId() + " failed: " + ex.getMessage(), ex);
    } catch (RuntimeException ex) {
      metrics.getFailure();
      throw new EngineException("cache lookup of node " + ctx.nodeId() + " failed: " + ex.getMessage(), ex);
    }
    if (e.isPresent()) {
      metrics.hit();
    } else {
      metrics.miss();
    }
    return e;
  }

  /** After the plugin succeeded: write the outputs to the cache, then release the reservation. */
  void after(NodeContext ctx, TaskTemplate task, String outputsPath, TaskExecutionIdentifier source) {
    NodeStatus ns = ctx.status();
    TaskNodeStatus ts = ns.taskStatus();
    if (ts.cacheStatus == CatalogCacheStatus.CACHE_HIT_VALUE) {
      return;
    }
    CacheKey key;
    try {
      key = key(ctx, task);
    } catch (IllegalArgumentException e) {
      return; // before() failed the node already; unreachable
    }
    if (task.getInterface().getOutputs().getVariablesCount() == 0) {
      // WriteCatalogCache: nothing to cache for a task without outputs.
      ts.cacheOutcome(CatalogCacheStatus.CACHE_DISABLED_VALUE, null);
    } else {
      try {
        LiteralMap outputs = ctx.blobs().readProto(outputsPath, LiteralMap.parser())
            .orElseThrow(() -> new IllegalStateException("outputs not found at " + outputsPath));
        CatalogMetadata md = overwrite(ctx) ? cache.update(key, outputs, source) : cache.put(key, outputs, source);
        ts.cacheOutcome(CatalogCacheStatus.CACHE_POPULATED_VALUE, md);
        metrics.putSuccess();
      } catch (CacheException | RuntimeException e) {
        ts.cacheOutcome(CatalogCacheStatus.CACHE_PUT_FAILURE_VALUE, putFailureKey(key));
        metrics.putFailure();
      }
    }
    if (serializable(task)) {
      try {
        cache.releaseReservation(key, ownerId(ctx));
        ts.reservationOutcome(CatalogReservation.Status.RESERVATION_RELEASED_VALUE);
        metrics.reservationReleaseSuccess();
      } catch (CacheException | RuntimeException e) {
        metrics.reservationReleaseFailure();
      }
    }
  }

  /** NewPutFailureStatus: the dataset the write was meant for. */
  private static CatalogMetadata putFailureKey(CacheKey key) {
    try {
      return CatalogMetadata.newBuilder().setDatasetId(key.datasetIdentifier()).build();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
