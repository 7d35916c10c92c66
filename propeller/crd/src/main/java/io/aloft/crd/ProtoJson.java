package io.aloft.crd;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Proto values inside the custom resource, written as golang/protobuf's default jsonpb Marshaler writes them
 * (lowerCamelCase names, enums by name, 64-bit integers as strings, defaults omitted) and read leniently, as Flyte
 * reads them (unknown fields ignored; both the JSON and the proto field names accepted).
 *
 * <p>{@link MessageSerializer} and {@link MessageDeserializer} let a model field be typed as the proto message itself
 * ({@code @JsonSerialize(using = ...)}, {@code @JsonDeserialize(using = ...)}, or {@code contentUsing} for lists and
 * maps), so the model is typed while its JSON is jsonpb, whichever {@link ObjectMapper} reads it.
 */
public final class ProtoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Printer GO_STRUCT = JsonFormat.printer().preservingProtoFieldNames()
      .printingEnumsAsInts().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {}

  /** {@code message} as jsonpb text. */
  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** {@code message} as a JSON tree. */
  public static JsonNode toNode(Message message) {
    try {
      return MAPPER.readTree(print(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code message} as Go's encoding/json writes a generated proto struct (not jsonpb): proto field names
   * ({@code run_as}), enums as numbers, unset fields left out, set messages kept even when empty. Flyte's resource
   * carries some members so (its {@code securityContext} is a {@code core.SecurityContext} value), and Flyte's
   * propeller reads them with encoding/json, which ignores jsonpb's camelCase names. For messages without 64-bit
   * integers, which jsonpb quotes and Go does not.
   */
  public static JsonNode toGoStructNode(Message message) {
    try {
      return MAPPER.readTree(GO_STRUCT.print(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges {@code node} into {@code builder} and builds it. */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T fromNode(JsonNode node, Message.Builder builder) {
    try {
      PARSER.merge(MAPPER.writeValueAsString(node), builder);
      return (T) builder.build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot parse " + builder.getDescriptorForType().getFullName() + ": "
          + e.getMessage(), e);
    }
  }

  /** Parses {@code node} as a {@code type} message. */
  public static <T extends Message> T fromNode(JsonNode node, Class<T> type) {
    return fromNode(node, newBuilder(type));
  }

  private static Message.Builder newBuilder(Class<?> type) {
    try {
      return (Message.Builder) type.getMethod("newBuilder").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
      throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
    }
  }

  /** Writes any proto message as jsonpb. */
  public static final class MessageSerializer extends JsonSerializer<Message> {
    @Override
    public void serialize(Message value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      // As a tree rather than raw text, so that buffering generators (valueToTree, convertValue) see the members.
      MAPPER.writeTree(gen, toNode(value));
    }
  }

  /** Reads jsonpb into the message type of the annotated field (or of its list/map values). */
  public static final class MessageDeserializer extends JsonDeserializer<Message> implements ContextualDeserializer {
    private final Class<?> type;

    public MessageDeserializer() {
      this(null);
    }

    private MessageDeserializer(Class<?> type) {
      this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      JavaType t = ctxt.getContextualType();
      if (t == null && property != null) {
        t = property.getType();
      }
      while (t != null && t.isContainerType()) {
        t = t.getContentType();
      }
      if (t == null || !Message.class.isAssignableFrom(t.getRawClass())) {
        return ctxt.reportBadDefinition(t, "ProtoJson.MessageDeserializer needs a protobuf message type, not " + t);
      }
      return new MessageDeserializer(t.getRawClass());
    }

    @Override
    public Message deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      try {
        return fromNode(node, newBuilder(type));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
