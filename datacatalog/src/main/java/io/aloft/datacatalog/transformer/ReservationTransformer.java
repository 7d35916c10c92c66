package io.aloft.datacatalog.transformer;

import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Reservation;
import datacatalog.Datacatalog.ReservationID;
import io.aloft.datacatalog.repository.ReservationRepository.Key;
import io.aloft.datacatalog.repository.Rows.ReservationRow;
import java.time.Duration;

/** Reservations between proto and row (Flyte: repositories/transformers/reservation.go). */
public final class ReservationTransformer {
  private ReservationTransformer() {}

  public static Key key(ReservationID id) {
    DatasetID d = id.getDatasetId();
    return new Key(d.getProject(), d.getName(), d.getDomain(), d.getVersion(), d.getOrg(), id.getTagName());
  }

  /**
   * The reservation as the caller sees it: its holder and expiry as stored, and the heartbeat interval granted to
   * this caller (Flyte answers every caller, holder or not, with the interval it would grant that caller).
   */
  public static Reservation toProto(Key key, ReservationRow row, Duration heartbeat) {
    return Reservation.newBuilder()
        .setReservationId(ReservationID.newBuilder().setTagName(key.tagName()).setDatasetId(DatasetID.newBuilder()
            .setProject(key.project()).setName(key.name()).setDomain(key.domain()).setVersion(key.version())
            .setOrg(key.org())))
        .setOwnerId(row.ownerId()).setHeartbeatInterval(Protos.duration(heartbeat))
        .setExpiresAt(Protos.timestamp(row.expiresAt())).build();
  }
}
