package io.aloft.admin.transformer;

import flyteidl.admin.Common.NamedEntity;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityMetadata;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.NamedEntityMetadataEntity;

/** Named entities to protos (flyteadmin/pkg/repositories/transformers/named_entity.go). */
public final class NamedEntityTransformer {
  private NamedEntityTransformer() {}

  /** The entity {@code id} of {@code type} with its metadata row, or ACTIVE and no description when it has none. */
  public static NamedEntity toProto(ResourceType type, NamedEntityIdentifier id, NamedEntityMetadataEntity metadata) {
    return metadata == null ? toProto(type, id, null, 0) : toProto(type, id, metadata.description, metadata.state);
  }

  /** The entity {@code id} of {@code type} with a description (null for none) and state number. */
  public static NamedEntity toProto(ResourceType type, NamedEntityIdentifier id, String description, int state) {
    return NamedEntity.newBuilder().setResourceType(type).setId(id)
        .setMetadata(NamedEntityMetadata.newBuilder().setDescription(description == null ? "" : description)
            .setStateValue(state))
        .build();
  }

  /** One row of {@code NamedEntityRepository.list}: project, domain, name, org, description, state. */
  public static NamedEntity fromListRow(ResourceType type, Object[] row) {
    NamedEntityIdentifier id = NamedEntityIdentifier.newBuilder().setProject((String) row[0])
        .setDomain((String) row[1]).setName((String) row[2]).setOrg((String) row[3]).build();
    return toProto(type, id, (String) row[4], ((Number) row[5]).intValue());
  }
}
