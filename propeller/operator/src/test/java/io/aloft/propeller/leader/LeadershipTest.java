package io.aloft.propeller.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  @Test
  void withElectionOffTheReplicaLeadsFromTheStart() {
    Leadership always = Leadership.always();
    assertThat(always.isElected()).isFalse();
    assertThat(always.isLeading()).isTrue();
    assertThat(always.begin()).isTrue();
    always.end();
  }

  @Test
  void anElectedReplicaRunsRoundsOnlyBetweenStartAndStopLeading() {
    Leadership gate = Leadership.elected("propeller-0_abc");
    assertThat(gate.isLeading()).isFalse();
    assertThat(gate.begin()).isFalse();
    gate.startLeading();
    assertThat(gate.begin()).isTrue();
    gate.end();
    assertThat(gate.stopLeading()).as("lost, not resigned").isTrue();
    assertThat(gate.begin()).isFalse();
  }

  @Test
  void resigningWaitsForTheRunningRoundAndLeadsNeverAgain() throws Exception {
    Leadership gate = Leadership.elected("propeller-0_abc");
    gate.startLeading();
    assertThat(gate.begin()).isTrue();
    assertThat(gate.resign(Duration.ofMillis(100))).as("a round still runs").isFalse();
    assertThat(gate.begin()).isFalse();

    CompletableFuture<Boolean> resigned = CompletableFuture.supplyAsync(() -> {
      try {
        return gate.resign(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertThat(resigned).isNotDone();
    gate.end();
    assertThat(resigned.get(5, TimeUnit.SECONDS)).isTrue();

    gate.startLeading();
    assertThat(gate.isLeading()).as("a late start callback after resigning").isFalse();
    assertThat(gate.stopLeading()).as("the stop that resigning causes is not a loss").isFalse();
  }

  @Test
  void holderChangesCountAsTransitionsButNotTheFirstHolderOrARelease() {
    Leadership gate = Leadership.elected("b_1");
    gate.observeLeader("a_1");
    assertThat(gate.transitions()).isZero();
    gate.observeLeader("");
    assertThat(gate.leader()).isEmpty();
    gate.observeLeader("b_1");
    gate.observeLeader("b_1");
    gate.observeLeader("c_1");
    assertThat(gate.leader()).isEqualTo("c_1");
    assertThat(gate.transitions()).isEqualTo(2);
  }
}
