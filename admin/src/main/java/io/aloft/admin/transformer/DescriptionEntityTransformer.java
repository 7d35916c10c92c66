package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntity;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;

/** admin.DescriptionEntity to and from its row (flyteadmin/pkg/repositories/transformers/description_entity.go). */
public final class DescriptionEntityTransformer {
  private DescriptionEntityTransformer() {}

  /** The bytes stored for {@code description}: the message without its id (the row's key columns hold that). */
  public static byte[] toBytes(DescriptionEntity description) {
    return description.toBuilder().clearId().build().toByteArray();
  }

  /**
   * The entity of a row (resource_type, project, domain, name, version, org, entity bytes). As FlyteAdmin's, the
   * answer always carries long_description and source_code, empty when the registration had none.
   */
  public static DescriptionEntity toProto(Object[] row) {
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.forNumber(((Number) row[0]).intValue()))
        .setProject((String) row[1]).setDomain((String) row[2]).setName((String) row[3])
        .setVersion((String) row[4]).setOrg((String) row[5]).build();
    DescriptionEntity stored;
    try {
      stored = DescriptionEntity.parseFrom((byte[]) row[6]);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored description entity of " + id + " does not parse", e);
    }
    return stored.toBuilder().setId(id).setLongDescription(stored.getLongDescription())
        .setSourceCode(stored.getSourceCode()).build();
  }
}
