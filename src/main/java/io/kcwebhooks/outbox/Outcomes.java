package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.keycloak.models.KeycloakSession;

/**
 * Records the outcomes of attempts on the deliveries claimed for them, a batch at a time: one
 * batched update of the deliveries and one batched insert of the attempts, prepared once per batch.
 * Written in plain JDBC because Hibernate builds a bulk update's SQL anew for every execution,
 * which cost more than the update itself.
 */
public final class Outcomes {

  private final EntityManager em;

  private Outcomes(EntityManager em) {
    this.em = em;
  }

  /** Records in the session's transaction. */
  public static Outcomes of(KeycloakSession session) {
    return new Outcomes(Jpa.entityManager(session));
  }

  /**
   * One attempt and what it makes of its delivery.
   *
   * @param nextAttemptAt when a pending delivery is tried again; for an ended one, when it ended
   * @param completedAt when the delivery ended, or null while it is pending
   */
  public record Entry(
      ClaimedDelivery claim,
      AttemptOutcome outcome,
      DeliveryStatus status,
      long nextAttemptAt,
      Long completedAt) {

    /** The attempt failed and the delivery is tried again at {@code nextAttemptAt}. */
    public static Entry retry(ClaimedDelivery claim, AttemptOutcome outcome, long nextAttemptAt) {
      return new Entry(claim, outcome, DeliveryStatus.PENDING, nextAttemptAt, null);
    }

    /** The attempt ends the delivery with {@code status}. */
    public static Entry last(
        ClaimedDelivery claim, AttemptOutcome outcome, DeliveryStatus status, long now) {
      return new Entry(claim, outcome, status, now, now);
    }
  }

  /**
   * Records the entries whose claims still hold and returns them; an entry whose claim was lost to
   * an expired lease changes nothing. The attempts were counted when they were claimed.
   */
  public List<Entry> record(List<Entry> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    Tables tables = Tables.of(em);
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              List<Entry> held = updateDeliveries(connection, tables.delivery(), entries);
              insertAttempts(connection, tables.attempt(), held);
              return held;
            });
  }

  /** Conditional on the claim token, so only the holder of the claim writes. */
  private static List<Entry> updateDeliveries(
      Connection connection, String table, List<Entry> entries) throws SQLException {
    String sql =
        "UPDATE "
            + table
            + " SET STATUS = ?, LAST_HTTP_STATUS = ?, LAST_ERROR = ?, CLAIM_TOKEN = NULL,"
            + " NEXT_ATTEMPT_AT = ?, COMPLETED_AT = ? WHERE ID = ? AND CLAIM_TOKEN = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (Entry entry : entries) {
        update.setString(1, entry.status().name());
        setInteger(update, 2, entry.outcome().httpStatus());
        update.setString(3, entry.outcome().error());
        update.setLong(4, entry.nextAttemptAt());
        setLong(update, 5, entry.completedAt());
        update.setString(6, entry.claim().id());
        update.setString(7, entry.claim().claimToken());
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      List<Entry> held = new ArrayList<>(entries.size());
      for (int i = 0; i < counts.length; i++) {
        // Drivers that cannot count rows per batched statement report SUCCESS_NO_INFO.
        if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
          held.add(entries.get(i));
        }
      }
      return held;
    }
  }

  private static void insertAttempts(Connection connection, String table, List<Entry> entries)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO "
            + table
            + " (ID, DELIVERY_ID, ATTEMPT_NO, STARTED_AT, DURATION_MS, HTTP_STATUS, ERROR,"
            + " RESPONSE_EXCERPT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (Entry entry : entries) {
        AttemptOutcome outcome = entry.outcome();
        insert.setString(1, Jpa.newId());
        insert.setString(2, entry.claim().id());
        insert.setInt(3, entry.claim().attemptNo());
        insert.setLong(4, outcome.startedAt());
        insert.setLong(5, outcome.durationMs());
        setInteger(insert, 6, outcome.httpStatus());
        insert.setString(7, outcome.error());
        insert.setString(8, outcome.responseExcerpt());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void setInteger(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
