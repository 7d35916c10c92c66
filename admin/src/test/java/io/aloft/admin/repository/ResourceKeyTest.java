package io.aloft.admin.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import io.aloft.admin.repository.ResourceKey.Level;
import org.junit.jupiter.api.Test;

/** Scope rules and levels of matchable attributes (resource_repo.go validateCreateOrUpdateResourceInput). */
class ResourceKeyTest {
  private static final MatchableResource T = MatchableResource.TASK_RESOURCE;

  @Test
  void levelsAndFlyteAdminPriorities() {
    assertThat(ResourceKey.project("", "p", T).level()).isEqualTo(Level.PROJECT);
    assertThat(ResourceKey.projectDomain("", "p", "d", T).level()).isEqualTo(Level.PROJECT_DOMAIN);
    assertThat(ResourceKey.workflow("", "p", "d", "w", T).level()).isEqualTo(Level.WORKFLOW);
    assertThat(new ResourceKey("", "p", "d", "w", "lp", T).level()).isEqualTo(Level.LAUNCH_PLAN);
    assertThat(Level.PROJECT.priority()).isEqualTo(5);
    assertThat(Level.PROJECT_DOMAIN.priority()).isEqualTo(10);
    assertThat(Level.WORKFLOW.priority()).isEqualTo(100);
    assertThat(Level.LAUNCH_PLAN.priority()).isEqualTo(1000);
  }

  @Test
  void nullPartsAreUnusedLevels() {
    ResourceKey k = new ResourceKey(null, "p", null, null, null, T);
    assertThat(k).isEqualTo(ResourceKey.project("", "p", T));
    assertThat(k.level()).isEqualTo(Level.PROJECT);
  }

  @Test
  void scopesThatSkipALevelAreRefused() {
    assertThatThrownBy(() -> new ResourceKey("", "", "d", "", "", T)).hasMessageContaining("project");
    assertThatThrownBy(() -> new ResourceKey("", "p", "", "w", "", T)).hasMessageContaining("domain");
    assertThatThrownBy(() -> new ResourceKey("", "p", "d", "", "lp", T)).hasMessageContaining("workflow");
    assertThatThrownBy(() -> new ResourceKey("", "p", "d", "", "", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ResourceKey("", "p", "d", "", "", MatchableResource.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void displayNamesEveryUsedLevel() {
    assertThat(new ResourceKey("acme", "p", "d", "w", "lp", T).toString())
        .isEqualTo("[p/d/w/lp org acme TASK_RESOURCE]");
    assertThat(ResourceKey.project("", "p", MatchableResource.CLUSTER_ASSIGNMENT).toString())
        .isEqualTo("[p CLUSTER_ASSIGNMENT]");
  }
}
