package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.Reservation;
import datacatalog.Datacatalog.ReservationID;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sixteen owners race GetOrExtendReservation on one key in real time with a 300 ms heartbeat (expiry after 900 ms
 * without a call): exactly one gets it and keeps it while it heartbeats; when it stops, exactly one other takes it
 * over after expiry. Mutual exclusion is checked on the server's own answers: each answer that names the caller
 * is a grant from {@code expiresAt - 3 x heartbeat} (the server's clock at the call) to {@code expiresAt}, and no
 * two grants of different owners overlap.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ReservationConcurrencyIT extends CatalogTestBase {
  private static final int OWNERS = 16;
  private static final java.time.Duration HEARTBEAT = java.time.Duration.ofMillis(300);
  /** heartbeat-grace-period-multiplier, the service's default. */
  private static final int GRACE = 3;
  private static final long CALL_EVERY_MS = 50;

  /** One answer: who asked, who holds the reservation, until when. */
  record Answer(String caller, String holder, Instant expiresAt) {
    Instant grantedAt() {
      return expiresAt.minus(HEARTBEAT.multipliedBy(GRACE));
    }
  }

  @Test
  void sixteenOwnersRaceExactlyOneHoldsAndExactlyOneTakesOverAfterExpiry() throws Exception {
    ReservationID key = ReservationID.newBuilder().setDatasetId(datasetId("reservation-race-it", "serial", "v1"))
        .setTagName("flyte_cached-race-" + System.nanoTime()).build();
    DataCatalogGrpc.DataCatalogBlockingStub stub = catalog;
    Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(OWNERS);
    CountDownLatch start = new CountDownLatch(1);
    List<ScheduledFuture<?>> owners = new ArrayList<>();
    try {
      for (int i = 0; i < OWNERS; i++) {
        String owner = "exec-" + i + "-n0-0";
        owners.add(pool.scheduleWithFixedDelay(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          try {
            Reservation r = stub.getOrExtendReservation(GetOrExtendReservationRequest.newBuilder()
                .setReservationId(key).setOwnerId(owner).setHeartbeatInterval(Duration.newBuilder()
                    .setNanos(HEARTBEAT.getNano())).build()).getReservation();
            answers.add(new Answer(owner, r.getOwnerId(), Instant.ofEpochSecond(r.getExpiresAt().getSeconds(),
                r.getExpiresAt().getNanos())));
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }, 0, CALL_EVERY_MS, TimeUnit.MILLISECONDS));
      }
      start.countDown();

      // every owner has asked a few times, each time while the first winner kept heartbeating
      await().atMost(java.time.Duration.ofSeconds(20)).until(() -> answers.stream().map(Answer::caller)
          .collect(Collectors.groupingBy(c -> c, Collectors.counting())).values().stream()
          .filter(n -> n >= 5).count() == OWNERS);
      Set<String> holdersSoFar = answers.stream().map(Answer::holder).collect(Collectors.toSet());
      assertThat(holdersSoFar).as("one owner won the race and everyone was told so").hasSize(1);
      String first = holdersSoFar.iterator().next();

      // the winner stops heartbeating; after its reservation expires, another owner takes it
      owners.get(Integer.parseInt(first.split("-")[1])).cancel(false);
      await().atMost(java.time.Duration.ofSeconds(20)).until(() -> answers.stream()
          .anyMatch(a -> !a.holder().equals(first)));
      String second = answers.stream().filter(a -> !a.holder().equals(first)).findFirst().orElseThrow().holder();
      // let the new holder heartbeat for a while, observed by everyone
      await().atMost(java.time.Duration.ofSeconds(20)).until(() -> answers.stream()
          .filter(a -> a.holder().equals(second)).count() >= 5L * (OWNERS - 1));
    } finally {
      owners.forEach(f -> f.cancel(false));
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(failures).as("every call answered").isEmpty();
    List<Answer> all = new ArrayList<>(answers);
    Map<String, Long> byHolder = all.stream().collect(Collectors.groupingBy(Answer::holder, Collectors.counting()));
    assertThat(byHolder).as("the first holder, then exactly one other").hasSize(2);

    // grants: answers naming their caller. No two grants of different owners overlap in server time.
    List<Answer> grants = all.stream().filter(a -> a.caller().equals(a.holder()))
        .sorted(Comparator.comparing(Answer::grantedAt)).toList();
    // both holders renewed several times (how many depends on the machine's pace; 10 was seen on a loaded CI box)
    Map<String, Long> grantsByOwner = grants.stream().collect(Collectors.groupingBy(Answer::caller,
        Collectors.counting()));
    assertThat(grantsByOwner).hasSize(2).containsOnlyKeys(byHolder.keySet());
    assertThat(grantsByOwner.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3L));
    for (int i = 0; i < grants.size(); i++) {
      for (int j = i + 1; j < grants.size(); j++) {
        Answer a = grants.get(i);
        Answer b = grants.get(j);
        if (!a.holder().equals(b.holder())) {
          assertThat(b.grantedAt()).as("%s granted at %s while %s held it until %s", b.holder(), b.grantedAt(),
              a.holder(), a.expiresAt()).isAfterOrEqualTo(a.expiresAt());
        }
      }
    }
    // the takeover came after the first holder's last grant had run out, and not before
    Instant lastOfFirst = grants.stream().filter(g -> !g.holder().equals(grants.getLast().holder()))
        .map(Answer::expiresAt).max(Comparator.naturalOrder()).orElseThrow();
    Instant firstOfSecond = grants.stream().filter(g -> g.holder().equals(grants.getLast().holder()))
        .map(Answer::grantedAt).min(Comparator.naturalOrder()).orElseThrow();
    assertThat(firstOfSecond).isAfterOrEqualTo(lastOfFirst);
  }
}
