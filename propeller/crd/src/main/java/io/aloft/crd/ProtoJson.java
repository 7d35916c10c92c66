package io.aloft.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.UncheckedIOException;

/**
 * Proto values inside the custom resource, written as golang/protobuf's default jsonpb Marshaler writes them
 * (lowerCamelCase names, enums by name, 64-bit integers as strings, defaults omitted) and read leniently, as Flyte
 * reads them (unknown fields ignored).
 */
public final class ProtoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {}

  /** {@code message} as a JSON tree. */
  public static JsonNode toNode(Message message) {
    try {
      return MAPPER.readTree(PRINTER.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot print " + message.getDescriptorForType().getFullName(), e);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges {@code node} into {@code builder} and builds it. */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T fromNode(JsonNode node, Message.Builder builder) {
    try {
      PARSER.merge(MAPPER.writeValueAsString(node), builder);
      return (T) builder.build();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot parse " + builder.getDescriptorForType().getFullName() + ": "
          + e.getMessage(), e);
    }
  }
}
