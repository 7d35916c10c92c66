package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.Reservation;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.config.CatalogConfig;
import io.aloft.datacatalog.repository.ReservationRepository;
import io.aloft.datacatalog.repository.ReservationRepository.Key;
import io.aloft.datacatalog.repository.Rows.ReservationRow;
import io.aloft.datacatalog.transformer.Protos;
import io.aloft.datacatalog.transformer.ReservationTransformer;
import io.aloft.datacatalog.validation.CatalogValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Reservations that let one execution at a time compute a cacheable result (Flyte:
 * datacatalog/pkg/manager/impl/reservation_manager.go). The owner that gets the reservation keeps it by calling
 * again within its heartbeat interval; after {@code heartbeat-grace-period-multiplier} intervals without a call
 * another owner may take it. Who wins is decided by one upsert in PostgreSQL, so replicas need no coordination.
 */
@ApplicationScoped
public class ReservationManager {

  @Inject
  ReservationRepository reservations;

  @Inject
  CatalogConfig config;

  @Inject
  MeterRegistry registry;

  @Inject
  Clock clock;

  private Counter acquired;
  private Counter heldByOther;
  private Counter released;
  private Counter releasedNotHeld;

  @PostConstruct
  void meters() {
    String calls = "aloft.datacatalog.reservation.requests";
    acquired = Counter.builder(calls).tag("outcome", "acquired")
        .description("GetOrExtendReservation calls: acquired (taken or extended) or held by another owner")
        .register(registry);
    heldByOther = Counter.builder(calls).tag("outcome", "held_by_other")
        .description("GetOrExtendReservation calls: acquired (taken or extended) or held by another owner")
        .register(registry);
    String releases = "aloft.datacatalog.reservation.releases";
    released = Counter.builder(releases).tag("outcome", "released")
        .description("ReleaseReservation calls: released, or nothing held by that owner").register(registry);
    releasedNotHeld = Counter.builder(releases).tag("outcome", "not_held")
        .description("ReleaseReservation calls: released, or nothing held by that owner").register(registry);
  }

  ReservationTerms terms() {
    return new ReservationTerms(config.maxReservationHeartbeat(), config.heartbeatGracePeriodMultiplier());
  }

  /**
   * Takes the reservation if nobody holds it or its holder's time ran out, extends it if the caller holds it, and
   * otherwise returns the holder's reservation unchanged (the caller compares owner ids).
   */
  public Reservation getOrExtend(GetOrExtendReservationRequest request) {
    CatalogValidator.getOrExtendReservation(request);
    Key key = ReservationTransformer.key(request.getReservationId());
    ReservationTerms terms = terms();
    Duration heartbeat = terms.heartbeat(Protos.duration(request.getHeartbeatInterval()));
    // microseconds: what timestamptz keeps, so the expiry returned is the expiry stored
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt = terms.expiry(now, heartbeat).truncatedTo(ChronoUnit.MICROS);
    ReservationRow row = QuarkusTransaction.requiringNew().call(() -> {
      Optional<ReservationRow> mine = reservations.acquire(key, request.getOwnerId(), expiresAt, now);
      if (mine.isPresent()) {
        return mine.get();
      }
      // the upsert left the holder's row locked: it is there to read until this transaction ends
      return reservations.get(key).orElseThrow(() -> CatalogException.internal("reservation "
          + key + " neither acquired nor held"));
    });
    (row.ownerId().equals(request.getOwnerId()) ? acquired : heldByOther).increment();
    return ReservationTransformer.toProto(key, row, heartbeat);
  }

  /** Releases the reservation if the caller holds it; releasing what the caller does not hold succeeds too. */
  public void release(ReleaseReservationRequest request) {
    CatalogValidator.releaseReservation(request);
    Key key = ReservationTransformer.key(request.getReservationId());
    boolean deleted = QuarkusTransaction.requiringNew().call(() -> reservations.release(key,
        request.getOwnerId()));
    (deleted ? released : releasedNotHeld).increment();
  }
}
