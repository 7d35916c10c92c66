package io.aloft.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.util.JsonFormat;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.TaskMetadata;
import io.aloft.admin.rest.GatewayMarshaler.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMarshalerTest {
  private final GatewayMarshaler marshaler = new GatewayMarshaler(JsonFormat.TypeRegistry.newBuilder()
      .add(Project.getDescriptor()).build());

  @Test
  void choosesTheEncodingAsGrpcGatewayMarshalerForRequest() {
    assertThat(GatewayMarshaler.select(List.of("application/json"), List.of())).isEqualTo(Format.JSON_PROTO_NAMES);
    assertThat(GatewayMarshaler.select(List.of("application/octet-stream"), List.of("application/json")))
        .isEqualTo(Format.PROTOBUF);
    assertThat(GatewayMarshaler.select(List.of("*/*"), List.of())).isEqualTo(Format.JSON_CAMEL_CASE);
    assertThat(GatewayMarshaler.select(List.of(), List.of())).isEqualTo(Format.JSON_CAMEL_CASE);
    // Accept must equal a registered type; Content-Type is parsed
    assertThat(GatewayMarshaler.select(List.of("application/json, text/plain"), List.of()))
        .isEqualTo(Format.JSON_CAMEL_CASE);
    assertThat(GatewayMarshaler.select(List.of("text/html"), List.of("Application/JSON; charset=utf-8")))
        .isEqualTo(Format.JSON_PROTO_NAMES);
  }

  @Test
  void emitsUnpopulatedFieldsWithNullForUnsetMessages() throws Exception {
    Project p = Project.newBuilder().setId("p1").setName("P one").build();
    assertThat(JsonParser.parseString(marshaler.json(p, true))).isEqualTo(JsonParser.parseString("""
        {"id":"p1","name":"P one","domains":[],"description":"","labels":null,"state":"ACTIVE","org":""}"""));

    assertThat(JsonParser.parseString(marshaler.json(ResourceListRequest.getDefaultInstance(), false)))
        .isEqualTo(JsonParser.parseString("""
            {"id":null,"limit":0,"token":"","filters":"","sortBy":null}"""));
  }

  @Test
  void nestedMessagesMapsOneofsAndWellKnownTypes() throws Exception {
    TaskMetadata m = TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(2)).build();
    var json = JsonParser.parseString(marshaler.json(m, true)).getAsJsonObject();
    assertThat(json.get("retries")).isEqualTo(JsonParser.parseString("{\"retries\":2}"));
    assertThat(json.get("runtime").isJsonNull()).isTrue();
    assertThat(json.get("timeout").isJsonNull()).isTrue();
    assertThat(json.get("generates_deck").isJsonNull()).isTrue();
    assertThat(json.get("tags")).isEqualTo(JsonParser.parseString("{}"));
    assertThat(json.has("interruptible")).isFalse(); // in a oneof: never emitted unset

    // what JsonFormat reads back is the message itself
    TaskMetadata.Builder back = TaskMetadata.newBuilder();
    JsonFormat.parser().merge(marshaler.json(m, true), back);
    assertThat(back.build()).isEqualTo(m);
  }

  @Test
  void errorsAreGoogleRpcStatusWithDetailsFilledInside() throws Exception {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(5).setMessage("missing")
        .addDetails(Any.pack(Project.newBuilder().setId("p").build())).build();
    var json = JsonParser.parseString(new String(marshaler.marshal(status, Format.JSON_PROTO_NAMES)))
        .getAsJsonObject();
    assertThat(json.get("code").getAsInt()).isEqualTo(5);
    assertThat(json.get("message").getAsString()).isEqualTo("missing");
    var detail = json.getAsJsonArray("details").get(0).getAsJsonObject();
    assertThat(detail.get("@type").getAsString()).isEqualTo("type.googleapis.com/flyteidl.admin.Project");
    assertThat(detail.get("labels").isJsonNull()).isTrue();

    assertThat(marshaler.marshal(status, Format.PROTOBUF)).isEqualTo(status.toByteArray());
    assertThat(JsonParser.parseString(new String(marshaler.marshal(com.google.rpc.Status.newBuilder().setCode(3)
        .build(), Format.JSON_CAMEL_CASE)))).isEqualTo(JsonParser.parseString("""
            {"code":3,"message":"","details":[]}"""));
  }
}
