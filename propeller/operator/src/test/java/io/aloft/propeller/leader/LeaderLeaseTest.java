package io.aloft.propeller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.propeller.config.PropellerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderLeaseTest {
  @TempDir
  Path dir;

  /** {@code aloft.propeller.leader-election} as a plain value: Flyte's defaults unless a test changes one. */
  record Settings(String name, Optional<String> namespace, Duration leaseDuration, Duration renewDeadline,
      Duration retryPeriod) implements PropellerConfig.LeaderElection {
    static Settings defaults() {
      return new Settings("propeller-leader", Optional.empty(), Duration.ofSeconds(15), Duration.ofSeconds(10),
          Duration.ofSeconds(2));
    }

    Settings inNamespace(String ns) {
      return new Settings(name, Optional.of(ns), leaseDuration, renewDeadline, retryPeriod);
    }

    Settings timing(Duration lease, Duration renew, Duration retry) {
      return new Settings(name, namespace, lease, renew, retry);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public LockConfigMap lockConfigMap() {
      return new LockConfigMap() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public Optional<String> namespace() {
          return namespace;
        }
      };
    }
  }

  private Path missingFile() {
    return dir.resolve("no-such-namespace-file");
  }

  private static Function<String, String> env(Map<String, String> vars) {
    return vars::get;
  }

  @Test
  void theIdentityIsThePodNameWithThisProcesssSuffix() {
    LeaderLease lease = LeaderLease.resolve(Settings.defaults(),
        env(Map.of("POD_NAME", "propeller-7d9f-abcde", "HOSTNAME", "other", "POD_NAMESPACE", "flyte")),
        missingFile(), "x2k9q");
    assertThat(lease.identity()).isEqualTo("propeller-7d9f-abcde_x2k9q");
    assertThat(LeaderLease.identity(env(Map.of("HOSTNAME", "propeller-7d9f-abcde")), "s"))
        .isEqualTo("propeller-7d9f-abcde_s");
    assertThat(LeaderLease.identity(env(Map.of("POD_NAME", " ")), "s")).isEqualTo("propeller_s");
  }

  @Test
  void twoProcessesOfOnePodNeverShareAnIdentity() {
    LeaderLease first = LeaderLease.resolve(Settings.defaults().inNamespace("flyte"),
        env(Map.of("POD_NAME", "propeller-0")), missingFile(), LeaderLease.randomSuffix());
    LeaderLease restarted = LeaderLease.resolve(Settings.defaults().inNamespace("flyte"),
        env(Map.of("POD_NAME", "propeller-0")), missingFile(), LeaderLease.randomSuffix());
    assertThat(first.identity()).startsWith("propeller-0_").hasSize("propeller-0_".length() + 10)
        .isNotEqualTo(restarted.identity());
  }

  @Test
  void flytesDefaultsAndTheLeaseName() {
    LeaderLease lease = LeaderLease.resolve(Settings.defaults(), env(Map.of("POD_NAMESPACE", "flyte")),
        missingFile(), "s");
    assertThat(lease.name()).isEqualTo("propeller-leader");
    assertThat(lease.describe()).isEqualTo("flyte/propeller-leader");
    assertThat(lease.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(lease.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(lease.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theNamespaceIsTheConfiguredOneElseThePodsOwn() throws Exception {
    Path saFile = Files.writeString(dir.resolve("namespace"), "from-service-account");
    assertThat(LeaderLease.namespace(Optional.of("configured"), env(Map.of("POD_NAMESPACE", "from-env")), saFile))
        .isEqualTo("configured");
    assertThat(LeaderLease.namespace(Optional.empty(), env(Map.of("POD_NAMESPACE", "from-env")), saFile))
        .isEqualTo("from-env");
    assertThat(LeaderLease.namespace(Optional.empty(), env(Map.of()), saFile)).isEqualTo("from-service-account");
  }

  @Test
  void anUnknownNamespaceFailsSayingHowToSetIt() {
    assertThatThrownBy(() -> LeaderLease.resolve(Settings.defaults(), env(Map.of("POD_NAME", "p")), missingFile(),
        "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aloft.propeller.leader-election.lock-config-map.namespace")
        .hasMessageContaining("POD_NAMESPACE")
        .hasMessageContaining(missingFile().toString());
  }

  @Test
  void durationsFollowClientGosRules() {
    Settings ns = Settings.defaults().inNamespace("flyte");
    assertThatThrownBy(() -> LeaderLease.resolve(ns.timing(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(2)), env(Map.of()), missingFile(), "s"))
        .hasMessageContaining("lease-duration (PT10S) must be greater than renew-deadline (PT10S)");
    assertThatThrownBy(() -> LeaderLease.resolve(ns.timing(Duration.ofSeconds(15), Duration.ofSeconds(2),
        Duration.ofSeconds(2)), env(Map.of()), missingFile(), "s"))
        .hasMessageContaining("renew-deadline (PT2S) must be greater than 1.2 x retry-period (PT2S)");
    assertThatThrownBy(() -> LeaderLease.resolve(ns.timing(Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ZERO), env(Map.of()), missingFile(), "s"))
        .hasMessageContaining("retry-period must be above 0");
    assertThat(LeaderLease.resolve(ns.timing(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)),
        env(Map.of()), missingFile(), "s").retryPeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anEmptyLeaseNameIsRefused() {
    Settings blank = new Settings(" ", Optional.of("flyte"), Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(2));
    assertThatThrownBy(() -> LeaderLease.resolve(blank, env(Map.of()), missingFile(), "s"))
        .hasMessageContaining("lock-config-map.name is empty");
  }
}
