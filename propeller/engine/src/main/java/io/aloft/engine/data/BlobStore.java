package io.aloft.engine.data;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Optional;

/** Bytes by reference ({@code s3://bucket/key}); the operator backs it with S3, tests with {@link InMemoryBlobStore}. */
public interface BlobStore {
  /** The bytes at {@code ref}, or empty when there is no such object. */
  Optional<byte[]> read(String ref);

  /** Writes (replaces) the object at {@code ref}. */
  void write(String ref, byte[] bytes);

  /** True when an object exists at {@code ref}. */
  boolean exists(String ref);

  /** The message at {@code ref} parsed with {@code parser}, or empty when absent. */
  default <T extends Message> Optional<T> readProto(String ref, Parser<T> parser) {
    Optional<byte[]> bytes = read(ref);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parseFrom(bytes.get()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt protobuf at " + ref + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code message} at {@code ref}. */
  default void writeProto(String ref, Message message) {
    write(ref, message.toByteArray());
  }
}
