package io.aloft.engine.cache;

import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import java.time.Duration;
import java.util.Optional;

/**
 * The task cache (Flyte's catalog.Client): results of cacheable tasks keyed by {@link CacheKey}, and reservations
 * that let one execution of a serializable task compute a result while the others wait for it. Implementations:
 * {@link DatacatalogTaskCache} (datacatalog over gRPC) and {@link InMemoryTaskCache}. Every method throws
 * {@link CacheException} when the cache could not answer; "not found" is an answer (empty), not a failure.
 */
public interface TaskCache {

  /** The cached outputs of {@code key}, or empty when there are none (or they are older than the cache's age limit). */
  Optional<CacheEntry> get(CacheKey key) throws CacheException;

  /**
   * Stores {@code outputs} under {@code key}: creates the dataset when missing, an artifact, and the key's tag on it
   * (a tag that already exists stays where it is). {@code source} is the task execution that produced them.
   * Returns the catalog coordinates for events.
   */
  CatalogMetadata put(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source) throws CacheException;

  /** Replaces the outputs tagged {@code key} (overwrite-cache); stores them as {@link #put} would when absent. */
  CatalogMetadata update(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source) throws CacheException;

  /**
   * Takes the reservation of {@code key} for {@code ownerId}, or extends it when {@code ownerId} holds it already,
   * for {@code heartbeat} (the reservation expires after a few heartbeats without extension). Returns the current
   * reservation, whose owner is someone else when another owner holds it.
   */
  Reservation getOrExtendReservation(CacheKey key, String ownerId, Duration heartbeat) throws CacheException;

  /** Releases {@code ownerId}'s reservation of {@code key}; nothing happens when it does not hold one. */
  void releaseReservation(CacheKey key, String ownerId) throws CacheException;
}
