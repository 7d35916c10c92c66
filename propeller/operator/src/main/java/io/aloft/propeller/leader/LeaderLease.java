package io.aloft.propeller.leader;

import io.aloft.propeller.config.PropellerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Lease the replicas of one propeller compete for, resolved from {@code aloft.propeller.leader-election}, and this
 * process's identity in it. Mirrors flytepropeller's {@code pkg/leaderelection/leader_election.go}: the identity is
 * the pod name with a random suffix, so a restarted container (same pod name) never mistakes the lease its previous
 * process held for its own and acts as leader before that lease has expired.
 *
 * @param namespace where the Lease lives
 * @param name the Lease's name
 * @param identity this process's holder identity
 * @param leaseDuration how long a holder that stopped renewing keeps the lease
 * @param renewDeadline how long the leader retries renewing before it gives up leading
 * @param retryPeriod the wait between two attempts to acquire or renew
 */
public record LeaderLease(String namespace, String name, String identity, Duration leaseDuration,
    Duration renewDeadline, Duration retryPeriod) {

  /** Where Kubernetes mounts the pod's namespace with its service account token. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /** client-go's and fabric8's jitter factor: a candidate waits up to 2.2 retry periods between attempts. */
  static final double JITTER_FACTOR = 1.2;

  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** This process's lease: the environment, the service account's namespace file and a fresh random suffix. */
  public static LeaderLease resolve(PropellerConfig.LeaderElection config) {
    return resolve(config, System::getenv, SERVICE_ACCOUNT_NAMESPACE, randomSuffix());
  }

  /**
   * The lease for {@code config}, reading environment variables through {@code env} and the pod's namespace from
   * {@code serviceAccountNamespace}; {@code suffix} makes the identity unique to this process.
   *
   * @throws IllegalArgumentException when no namespace is configured or known, or the durations cannot work
   */
  public static LeaderLease resolve(PropellerConfig.LeaderElection config, Function<String, String> env,
      Path serviceAccountNamespace, String suffix) {
    String name = config.lockConfigMap().name().trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("aloft.propeller.leader-election.lock-config-map.name is empty;"
          + " name the Lease the replicas compete for (default propeller-leader)");
    }
    LeaderLease lease = new LeaderLease(namespace(config.lockConfigMap().namespace(), env, serviceAccountNamespace),
        name, identity(env, suffix), config.leaseDuration(), config.renewDeadline(), config.retryPeriod());
    lease.validate();
    return lease;
  }

  /** The pod name (env POD_NAME, else HOSTNAME, which Kubernetes sets to it) followed by {@code _suffix}. */
  static String identity(Function<String, String> env, String suffix) {
    String pod = firstNonBlank(env.apply("POD_NAME"), env.apply("HOSTNAME")).orElse("propeller");
    return pod + "_" + suffix;
  }

  /** The configured namespace, else env POD_NAMESPACE, else the service account's namespace file. */
  static String namespace(Optional<String> configured, Function<String, String> env, Path serviceAccountNamespace) {
    return firstNonBlank(configured.orElse(null), env.apply("POD_NAMESPACE"), read(serviceAccountNamespace))
        .orElseThrow(() -> new IllegalArgumentException("aloft.propeller.leader-election is enabled but the Lease's"
            + " namespace is unknown: set aloft.propeller.leader-election.lock-config-map.namespace, or env"
            + " POD_NAMESPACE (the Downward API's metadata.namespace); " + serviceAccountNamespace
            + " is not there either (no service account token mounted)"));
  }

  /**
   * client-go's rules ({@code leaderelection.NewLeaderElector}): the leader must give up (renew-deadline) before a
   * follower may take over (lease-duration), and must get more than one renewal attempt in before its deadline.
   */
  private void validate() {
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("aloft.propeller.leader-election.retry-period must be above 0, got "
          + retryPeriod);
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException("aloft.propeller.leader-election.lease-duration (" + leaseDuration
          + ") must be greater than renew-deadline (" + renewDeadline + ")");
    }
    if (renewDeadline.toMillis() <= JITTER_FACTOR * retryPeriod.toMillis()) {
      throw new IllegalArgumentException("aloft.propeller.leader-election.renew-deadline (" + renewDeadline
          + ") must be greater than " + JITTER_FACTOR + " x retry-period (" + retryPeriod + ")");
    }
  }

  /** {@code namespace/name}, for logs and health data. */
  public String describe() {
    return namespace + "/" + name;
  }

  /** Ten characters, as client-go's {@code rand.String(10)} that Flyte appends. */
  static String randomSuffix() {
    StringBuilder b = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      b.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return b.toString();
  }

  /** The file's content, or null when it is not there (outside a pod, or no token mounted). */
  private static String read(Path file) {
    try {
      return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<String> firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return Optional.of(v.trim());
      }
    }
    return Optional.empty();
  }
}
