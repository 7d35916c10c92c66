package io.aloft.datacatalog.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import datacatalog.Datacatalog.Metadata;
import io.aloft.datacatalog.CatalogException;

/** datacatalog.Metadata to and from its stored bytes (Flyte: transformers/util.go marshalMetadata). */
public final class MetadataTransformer {
  private MetadataTransformer() {}

  /** The stored form of {@code metadata}; an absent one is stored as empty metadata, as Flyte does. */
  public static byte[] serialize(Metadata metadata) {
    return (metadata == null ? Metadata.getDefaultInstance() : metadata).toByteArray();
  }

  public static Metadata parse(byte[] stored) {
    try {
      return Metadata.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw CatalogException.internal("stored metadata is not a datacatalog.Metadata: " + e.getMessage());
    }
  }
}
