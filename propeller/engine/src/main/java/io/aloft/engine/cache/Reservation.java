package io.aloft.engine.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * A cache reservation (datacatalog.Reservation).
 *
 * @param ownerId who holds it
 * @param expiresAt when it lapses unless extended
 * @param heartbeat the interval its owner extends it at
 */
public record Reservation(String ownerId, Instant expiresAt, Duration heartbeat) {}
