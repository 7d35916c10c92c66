package io.aloft.datacatalog.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Reservation;
import datacatalog.Datacatalog.ReservationID;
import io.aloft.datacatalog.repository.ReservationRepository.Key;
import io.aloft.datacatalog.repository.Rows.ReservationRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReservationTransformerTest {
  @Test
  void aReservationCarriesItsKeyHolderExpiryAndTheCallersInterval() {
    ReservationID id = ReservationID.newBuilder().setDatasetId(DatasetID.newBuilder().setProject("p")
        .setDomain("d").setName("n").setVersion("v").setOrg("o")).setTagName("t").build();
    Key key = ReservationTransformer.key(id);
    assertThat(key).isEqualTo(new Key("p", "n", "d", "v", "o", "t"));
    Reservation r = ReservationTransformer.toProto(key, new ReservationRow("owner",
        Instant.parse("2024-01-01T00:00:30.5Z")), java.time.Duration.ofMillis(1500));
    assertThat(r).isEqualTo(Reservation.newBuilder().setReservationId(id).setOwnerId("owner")
        .setHeartbeatInterval(Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
        .setExpiresAt(Timestamp.newBuilder().setSeconds(1704067230).setNanos(500_000_000)).build());
  }
}
