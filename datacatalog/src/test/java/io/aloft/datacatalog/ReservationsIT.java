package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.Reservation;
import datacatalog.Datacatalog.ReservationID;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GetOrExtendReservation and ReleaseReservation as Flyte's datacatalog answers them: the interval capped at
 * max-reservation-heartbeat (10 s), expiry three intervals after the holder's last call, takeover once expired.
 * The service's clock is moved forward instead of waiting for expiry.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ReservationsIT extends CatalogTestBase {
  private static final String PROJECT = "reservations-it";

  @Inject
  TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static ReservationID key(String tag) {
    // propeller reserves before it creates the dataset: no dataset row is needed
    return ReservationID.newBuilder().setDatasetId(datasetId(PROJECT, "serial", "v1")).setTagName(tag).build();
  }

  private Reservation reserve(ReservationID id, String owner, java.time.Duration heartbeat) {
    return catalog.getOrExtendReservation(GetOrExtendReservationRequest.newBuilder().setReservationId(id)
        .setOwnerId(owner).setHeartbeatInterval(Duration.newBuilder().setSeconds(heartbeat.getSeconds())
            .setNanos(heartbeat.getNano())).build()).getReservation();
  }

  private void release(ReservationID id, String owner) {
    catalog.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(id).setOwnerId(owner)
        .build());
  }

  private static Instant expiry(Reservation r) {
    return Instant.ofEpochSecond(r.getExpiresAt().getSeconds(), r.getExpiresAt().getNanos());
  }

  private static java.time.Duration heartbeat(Reservation r) {
    return java.time.Duration.ofSeconds(r.getHeartbeatInterval().getSeconds(), r.getHeartbeatInterval().getNanos());
  }

  @Test
  void theFirstOwnerHoldsItOthersSeeTheHolderAndTheHolderExtends() {
    ReservationID id = key("first");
    Instant before = clock.instant();
    Reservation a = reserve(id, "exec-a-n0-0", java.time.Duration.ofSeconds(2));
    Instant after = clock.instant();
    assertThat(a.getOwnerId()).isEqualTo("exec-a-n0-0");
    assertThat(a.getReservationId()).isEqualTo(id);
    assertThat(heartbeat(a)).isEqualTo(java.time.Duration.ofSeconds(2));
    // expiry = the time of the call + 3 heartbeats
    assertThat(expiry(a)).isBetween(before.plusSeconds(6).minusMillis(1), after.plusSeconds(6));

    Reservation b = reserve(id, "exec-b-n0-0", java.time.Duration.ofSeconds(5));
    assertThat(b.getOwnerId()).isEqualTo("exec-a-n0-0");
    assertThat(expiry(b)).isEqualTo(expiry(a));
    // the interval answered is the one granted to the caller, as Flyte answers
    assertThat(heartbeat(b)).isEqualTo(java.time.Duration.ofSeconds(5));

    clock.advance(java.time.Duration.ofSeconds(1));
    Reservation extended = reserve(id, "exec-a-n0-0", java.time.Duration.ofSeconds(2));
    assertThat(extended.getOwnerId()).isEqualTo("exec-a-n0-0");
    assertThat(expiry(extended)).isAfter(expiry(a).plusMillis(999));
  }

  @Test
  void theHeartbeatIsCappedAtTheMaximum() {
    Instant before = clock.instant();
    Reservation r = reserve(key("capped"), "exec-c-n0-0", java.time.Duration.ofHours(1));
    assertThat(heartbeat(r)).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(expiry(r)).isBetween(before.plusSeconds(30).minusMillis(1), clock.instant().plusSeconds(30));
  }

  @Test
  void anExpiredReservationIsTakenOverAndTheOldOwnerSeesTheNewOne() {
    ReservationID id = key("expiry");
    assertThat(reserve(id, "old", java.time.Duration.ofSeconds(1)).getOwnerId()).isEqualTo("old");
    clock.advance(java.time.Duration.ofSeconds(2));
    assertThat(reserve(id, "new", java.time.Duration.ofSeconds(1)).getOwnerId()).isEqualTo("old");
    clock.advance(java.time.Duration.ofSeconds(1));
    Reservation taken = reserve(id, "new", java.time.Duration.ofSeconds(1));
    assertThat(taken.getOwnerId()).isEqualTo("new");
    Reservation seen = reserve(id, "old", java.time.Duration.ofSeconds(1));
    assertThat(seen.getOwnerId()).isEqualTo("new");
    assertThat(expiry(seen)).isEqualTo(expiry(taken));
  }

  @Test
  void releaseFreesTheReservationOnlyForItsOwnerAndIsIdempotent() {
    ReservationID id = key("release");
    reserve(id, "holder", java.time.Duration.ofSeconds(5));
    release(id, "someone-else");
    assertThat(reserve(id, "someone-else", java.time.Duration.ofSeconds(5)).getOwnerId()).isEqualTo("holder");
    release(id, "holder");
    release(id, "holder");
    assertThat(reserve(id, "someone-else", java.time.Duration.ofSeconds(5)).getOwnerId()).isEqualTo("someone-else");
    // a reservation that never existed releases fine too
    release(key("never"), "anyone");
  }

  @Test
  void reservationsAreKeyedByDatasetAndTag() {
    DatasetID other = datasetId(PROJECT, "serial", "v2");
    reserve(key("shared"), "one", java.time.Duration.ofSeconds(5));
    assertThat(reserve(ReservationID.newBuilder().setDatasetId(other).setTagName("shared").build(), "two",
        java.time.Duration.ofSeconds(5)).getOwnerId()).isEqualTo("two");
    assertThat(reserve(key("shared-2"), "two", java.time.Duration.ofSeconds(5)).getOwnerId()).isEqualTo("two");
  }

  @Test
  void badRequestsAreInvalidArgumentNamingTheField() {
    java.time.Duration hb = java.time.Duration.ofSeconds(1);
    assertStatus(() -> catalog.getOrExtendReservation(GetOrExtendReservationRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing reservationID");
    assertStatus(() -> reserve(key(""), "o", hb), Status.Code.INVALID_ARGUMENT, "missing tagName");
    assertStatus(() -> reserve(key("t").toBuilder().setDatasetId(datasetId(PROJECT, "x", "")).build(), "o", hb),
        Status.Code.INVALID_ARGUMENT, "missing version");
    assertStatus(() -> reserve(key("t"), "", hb), Status.Code.INVALID_ARGUMENT, "missing ownerID");
    assertStatus(() -> catalog.getOrExtendReservation(GetOrExtendReservationRequest.newBuilder()
        .setReservationId(key("t")).setOwnerId("o").build()), Status.Code.INVALID_ARGUMENT,
        "missing heartbeatInterval");
    assertStatus(() -> reserve(key("t"), "o", java.time.Duration.ofSeconds(-1)), Status.Code.INVALID_ARGUMENT,
        "heartbeatInterval");
    assertStatus(() -> catalog.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(key("t"))
        .build()), Status.Code.INVALID_ARGUMENT, "missing ownerID");
  }
}
