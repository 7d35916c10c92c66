package io.aloft.admin.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.AdminException;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.ListRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request checks and list semantics of named entities that need no database (named_entity_manager.go). */
class NamedEntityManagerTest {

  @Test
  void onlyTasksWorkflowsAndLaunchPlansAreNamedEntities() {
    for (ResourceType t : List.of(ResourceType.TASK, ResourceType.WORKFLOW, ResourceType.LAUNCH_PLAN)) {
      assertThat(NamedEntityManager.resourceType(t)).isEqualTo(t);
    }
    for (ResourceType t : List.of(ResourceType.UNSPECIFIED, ResourceType.DATASET, ResourceType.UNRECOGNIZED)) {
      assertThatThrownBy(() -> NamedEntityManager.resourceType(t)).isInstanceOf(AdminException.class)
          .hasMessageContaining("resource_type");
    }
  }

  @Test
  void identifiersNameTheMissingPart() {
    NamedEntityIdentifier id = NamedEntityIdentifier.newBuilder().setProject("p").setDomain("d").setName("n").build();
    assertThat(NamedEntityManager.identifier(true, id)).isEqualTo(id);
    assertThatThrownBy(() -> NamedEntityManager.identifier(false, id)).hasMessageContaining("missing id");
    assertThatThrownBy(() -> NamedEntityManager.identifier(true, id.toBuilder().clearDomain().build()))
        .hasMessageContaining("id.domain");
  }

  @Test
  void stateFiltersWorkOnTheMetadataWithActiveAsDefault() {
    ListQuery q = ListQuery.of(NamedEntityManager.NAMED_ENTITIES, 10, "", "eq(state,1)", null, null);
    assertThat(q.where().sql()).isEqualTo("COALESCE(nem.state, 0) = ?");
    assertThat(q.where().params()).containsExactly(1);
    // FlyteAdmin's metadata prefix and enum names are accepted too.
    ListQuery named = ListQuery.of(NamedEntityManager.NAMED_ENTITIES, 10, "",
        "eq(named_entity_metadata.state,NAMED_ENTITY_ARCHIVED)", null, null);
    assertThat(named.where().params()).containsExactly(1);
    assertThatThrownBy(() -> ListQuery.of(NamedEntityManager.NAMED_ENTITIES, 10, "", "eq(version,v1)", null, null))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("version");
  }
}
