package io.aloft.admin.repository;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.LaunchPlanEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code schedules} table (V12) of the scheduler ({@code io.aloft.admin.schedule}): one row per launch plan name; every method runs in the caller's transaction. */
@ApplicationScoped
public class ScheduleRepository {

  @Inject
  EntityManager em;

  /** A schedule whose next time has come: its row, the launch plan version it fires, and that time. */
  public record Due(long id, Identifier launchPlan, Schedule schedule, Instant nextFireAt) {}

  /**
   * Makes {@code lp}'s schedule the name's active one, first due at {@code nextFireAt}. Re-activating the version
   * already active with the same schedule keeps its pending time, so no due fire is lost or moved.
   */
  public void activate(LaunchPlanEntity lp, Schedule schedule, Instant nextFireAt, Instant now) {
    update("INSERT INTO schedules (project, domain, name, org, launch_plan_id, schedule, active, next_fire_at,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, true, ?, ?) ON CONFLICT (project, domain, name, org) DO UPDATE SET"
        + " next_fire_at = CASE WHEN schedules.active AND schedules.launch_plan_id = EXCLUDED.launch_plan_id"
        + " AND schedules.schedule = EXCLUDED.schedule THEN schedules.next_fire_at ELSE EXCLUDED.next_fire_at END,"
        + " launch_plan_id = EXCLUDED.launch_plan_id, schedule = EXCLUDED.schedule, active = true,"
        + " updated_at = EXCLUDED.updated_at",
        lp.project, lp.domain, lp.name, lp.org, lp.id, schedule.toByteArray(), nextFireAt, now);
  }

  /** Stops the schedule of launch plan name of {@code lp}, whichever version it came from. */
  public void deactivateName(LaunchPlanEntity lp, Instant now) {
    update("UPDATE schedules SET active = false, updated_at = ? WHERE project = ? AND domain = ? AND name = ?"
        + " AND org = ? AND active", now, lp.project, lp.domain, lp.name, lp.org);
  }

  /** Stops the schedule if it is that of launch plan version {@code launchPlanId}. */
  public void deactivate(long launchPlanId, Instant now) {
    update("UPDATE schedules SET active = false, updated_at = ? WHERE launch_plan_id = ? AND active", now,
        launchPlanId);
  }

  /**
   * Locks up to {@code limit} active schedules due at {@code now}, earliest first, skipping rows another replica
   * holds: each due row is fired by exactly one transaction at a time.
   */
  public List<Due> claimDue(Instant now, int limit) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT s.id, l.project, l.domain, l.name, l.version,"
          + " l.org, s.schedule, s.next_fire_at FROM schedules s JOIN launch_plans l ON l.id = s.launch_plan_id"
          + " WHERE s.active AND s.next_fire_at <= ? ORDER BY s.next_fire_at LIMIT ? FOR UPDATE OF s SKIP LOCKED"),
          now, limit); ResultSet rs = ps.executeQuery()) {
        List<Due> due = new ArrayList<>();
        while (rs.next()) {
          Identifier lp = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN)
              .setProject(rs.getString(2)).setDomain(rs.getString(3)).setName(rs.getString(4))
              .setVersion(rs.getString(5)).setOrg(rs.getString(6)).build();
          due.add(new Due(rs.getLong(1), lp, parse(rs.getBytes(7), rs.getLong(1)),
              Sql.instant(rs, 8)));
        }
        return due;
      }
    });
  }

  /** Records a claimed schedule's progress: next due at {@code nextFireAt}, the latest fired time if any. */
  public void advance(long id, Instant nextFireAt, Instant lastFiredAt, Instant now) {
    update("UPDATE schedules SET next_fire_at = ?, last_fired_at = COALESCE(?, last_fired_at), updated_at = ?"
        + " WHERE id = ?", nextFireAt, Sql.orNull(lastFiredAt), now, id);
  }

  /** Stops a schedule that can no longer fire (its stored expression does not parse or never matches again). */
  public void stop(long id, Instant now) {
    update("UPDATE schedules SET active = false, updated_at = ? WHERE id = ?", now, id);
  }

  private void update(String sql, Object... values) {
    em.flush(); // entity changes of this transaction (the launch plan's state) first
    Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement(sql), values)) {
        return ps.executeUpdate();
      }
    });
  }

  private static Schedule parse(byte[] bytes, long id) {
    try {
      return Schedule.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt schedule " + id, e);
    }
  }
}
