package io.aloft.admin.rest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The encodings FlyteAdmin's gateway answers with (flyteadmin/pkg/server/service.go {@code newHTTPServer}), chosen
 * per request as grpc-gateway v2's {@code MarshalerForRequest} does: an {@code Accept} header equal to a registered
 * type wins, then the request's {@code Content-Type}, else the default marshaler.
 * <ul>
 *   <li>{@code application/json}: protojson with UseProtoNames, EmitUnpopulated, EmitDefaultValues;</li>
 *   <li>{@code application/octet-stream}: the binary protobuf message (what flyteconsole asks for);</li>
 *   <li>anything else: grpc-gateway's default, protojson with JSON (lowerCamelCase) names and EmitUnpopulated.</li>
 * </ul>
 * EmitUnpopulated writes every field that is not in a oneof: defaults for fields without presence, and
 * {@code null} for unset message fields. JsonFormat has no such option, so its output (with
 * alwaysPrintFieldsWithNoPresence) gets the nulls added here.
 */
public final class GatewayMarshaler {
  /** A response encoding. */
  public enum Format {
    JSON_PROTO_NAMES("application/json"),
    JSON_CAMEL_CASE("application/json"),
    PROTOBUF("application/octet-stream");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  /** Well-known types whose JSON form is not an object of their fields. */
  private static final Set<String> SPECIAL_JSON = Set.of("google.protobuf.Any", "google.protobuf.Timestamp",
      "google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Struct", "google.protobuf.Value",
      "google.protobuf.ListValue", "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
      "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
      "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
      "google.protobuf.BytesValue");

  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private final JsonFormat.TypeRegistry registry;
  private final JsonFormat.Printer protoNames;
  private final JsonFormat.Printer camelCase;
  private final JsonFormat.Parser strictParser;
  private final JsonFormat.Parser lenientParser;

  public GatewayMarshaler(JsonFormat.TypeRegistry registry) {
    this.registry = registry;
    JsonFormat.Printer base = JsonFormat.printer().usingTypeRegistry(registry).alwaysPrintFieldsWithNoPresence()
        .omittingInsignificantWhitespace();
    this.protoNames = base.preservingProtoFieldNames();
    this.camelCase = base;
    this.strictParser = JsonFormat.parser().usingTypeRegistry(registry);
    this.lenientParser = strictParser.ignoringUnknownFields();
  }

  /** The format for a request with these {@code Accept} and {@code Content-Type} header values. */
  public static Format select(List<String> accept, List<String> contentType) {
    for (String a : accept) {
      Format f = registered(a);
      if (f != null) {
        return f;
      }
    }
    return inbound(contentType);
  }

  /**
   * The format a request body is read in, from its {@code Content-Type} only (grpc-gateway's inbound marshaler).
   */
  public static Format inbound(List<String> contentType) {
    for (String c : contentType) {
      int semi = c.indexOf(';');
      Format f = registered((semi < 0 ? c : c.substring(0, semi)).trim().toLowerCase(Locale.ROOT));
      if (f != null) {
        return f;
      }
    }
    return Format.JSON_CAMEL_CASE;
  }

  /**
   * Merges a request body into {@code into}: binary protobuf for {@code application/octet-stream}; protojson for
   * {@code application/json}, where a field the message lacks is an error (FlyteAdmin's JSONPb has default
   * UnmarshalOptions); protojson ignoring unknown fields for any other type (grpc-gateway's default marshaler
   * has DiscardUnknown). An empty body leaves {@code into} as it is, as grpc-gateway tolerates io.EOF.
   *
   * @throws InvalidProtocolBufferException if the body is not such a message
   */
  public void unmarshal(byte[] body, Format format, Message.Builder into) throws InvalidProtocolBufferException {
    if (body.length == 0) {
      return;
    }
    if (format == Format.PROTOBUF) {
      into.mergeFrom(body);
      return;
    }
    String json = new String(body, StandardCharsets.UTF_8);
    if (json.isBlank()) {
      return;
    }
    (format == Format.JSON_PROTO_NAMES ? strictParser : lenientParser).merge(json, into);
  }

  private static Format registered(String mime) {
    return switch (mime) {
      case "application/json" -> Format.JSON_PROTO_NAMES;
      case "application/octet-stream" -> Format.PROTOBUF;
      default -> null;
    };
  }

  /** {@code message} encoded as {@code format}. */
  public byte[] marshal(Message message, Format format) throws InvalidProtocolBufferException {
    if (format == Format.PROTOBUF) {
      return message.toByteArray();
    }
    return json(message, format == Format.JSON_PROTO_NAMES).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code message} as protojson with EmitUnpopulated, with proto or JSON field names. */
  public String json(Message message, boolean useProtoNames) throws InvalidProtocolBufferException {
    String printed = (useProtoNames ? protoNames : camelCase).print(message);
    if (SPECIAL_JSON.contains(message.getDescriptorForType().getFullName())
        && !message.getDescriptorForType().getFullName().equals("google.protobuf.Any")) {
      return printed;
    }
    JsonElement tree = JsonParser.parseString(printed);
    addNulls(message, tree.getAsJsonObject(), useProtoNames);
    return GSON.toJson(tree);
  }

  private void addNulls(Message message, JsonObject json, boolean useProtoNames)
      throws InvalidProtocolBufferException {
    Descriptor type = message.getDescriptorForType();
    if (type.getFullName().equals("google.protobuf.Any")) {
      Message unpacked = unpack((Any) asAny(message));
      if (unpacked != null && !SPECIAL_JSON.contains(unpacked.getDescriptorForType().getFullName())) {
        addNulls(unpacked, json, useProtoNames);
      }
      return;
    }
    for (FieldDescriptor f : type.getFields()) {
      String name = useProtoNames ? f.getName() : f.getJsonName();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        // Scalars with presence outside a oneof are proto2-only; flyteidl has none, but keep protojson's rule.
        if (!f.isRepeated() && f.hasPresence() && f.getContainingOneof() == null && !message.hasField(f)) {
          json.add(name, JsonNull.INSTANCE);
        }
        continue;
      }
      boolean nested = !SPECIAL_JSON.contains(f.getMessageType().getFullName())
          || f.getMessageType().getFullName().equals("google.protobuf.Any");
      if (f.isMapField()) {
        FieldDescriptor valueField = f.getMessageType().findFieldByNumber(2);
        if (valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE && json.has(name)) {
          JsonObject map = json.getAsJsonObject(name);
          FieldDescriptor keyField = f.getMessageType().findFieldByNumber(1);
          for (int i = 0; i < message.getRepeatedFieldCount(f); i++) {
            Message entry = (Message) message.getRepeatedField(f, i);
            Message value = (Message) entry.getField(valueField);
            JsonElement element = map.get(mapKey(keyField, entry.getField(keyField)));
            if (element != null && element.isJsonObject() && nestable(value)) {
              addNulls(value, element.getAsJsonObject(), useProtoNames);
            }
          }
        }
      } else if (f.isRepeated()) {
        if (nested && json.has(name)) {
          JsonArray array = json.getAsJsonArray(name);
          for (int i = 0; i < message.getRepeatedFieldCount(f); i++) {
            addNulls((Message) message.getRepeatedField(f, i), array.get(i).getAsJsonObject(), useProtoNames);
          }
        }
      } else if (message.hasField(f)) {
        if (nested && json.get(name) != null && json.get(name).isJsonObject()) {
          addNulls((Message) message.getField(f), json.getAsJsonObject(name), useProtoNames);
        }
      } else if (f.getContainingOneof() == null) {
        json.add(name, JsonNull.INSTANCE);
      }
    }
  }

  private static boolean nestable(Message value) {
    String name = value.getDescriptorForType().getFullName();
    return !SPECIAL_JSON.contains(name) || name.equals("google.protobuf.Any");
  }

  private static String mapKey(FieldDescriptor keyField, Object key) {
    return switch (keyField.getType()) {
      case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) key);
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) key);
      default -> String.valueOf(key);
    };
  }

  private static Message asAny(Message message) throws InvalidProtocolBufferException {
    return message instanceof Any ? message : Any.parseFrom(message.toByteString());
  }

  /** The message packed in {@code any}, if its type is known; JsonFormat has already failed otherwise. */
  private Message unpack(Any any) throws InvalidProtocolBufferException {
    String url = any.getTypeUrl();
    Descriptor packed = registry.find(url.substring(url.lastIndexOf('/') + 1));
    return packed == null ? null : DynamicMessage.parseFrom(packed, any.getValue());
  }
}
