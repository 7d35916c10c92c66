package io.aloft.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import flyteidl.admin.Common.NamedEntityGetRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata;
import flyteidl.core.Tasks.TaskMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageBinderTest {
  private static final List<String> LIST_PATH = List.of("id.project", "id.domain");
  private final MessageBinder strict = new MessageBinder(true);
  private final MessageBinder lenient = new MessageBinder(false);

  private static Map<String, List<String>> query(String q) {
    return UrlCoding.parseQuery(q);
  }

  private ResourceListRequest list(MessageBinder binder, String q) {
    ResourceListRequest.Builder b = ResourceListRequest.newBuilder();
    binder.bindPath(b, Map.of("id.project", "flytesnacks", "id.domain", "development"));
    binder.bindQuery(b, query(q), LIST_PATH);
    return b.build();
  }

  @Test
  void listRequestAsFlyteconsoleSendsIt() {
    ResourceListRequest r = list(strict, "limit=20&token=40&filters=value_in(version%2Cv1%3Bv2)%2Bne(version%2Cv1)"
        + "&sort_by.key=created_at&sort_by.direction=DESCENDING&id.name=wf.name");
    assertThat(r).isEqualTo(ResourceListRequest.newBuilder()
        .setId(r.getId().toBuilder().setProject("flytesnacks").setDomain("development").setName("wf.name"))
        .setLimit(20).setToken("40").setFilters("value_in(version,v1;v2)+ne(version,v1)")
        .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build());
  }

  @Test
  void jsonNamesAndEnumNumbersWork() {
    ResourceListRequest r = list(strict, "sortBy.key=name&sortBy.direction=1&limit=5");
    assertThat(r.getSortBy()).isEqualTo(Sort.newBuilder().setKey("name").setDirection(Sort.Direction.ASCENDING)
        .build());
    assertThat(r.getLimit()).isEqualTo(5);
  }

  @Test
  void pathVariablesParseByFieldType() {
    NamedEntityGetRequest.Builder byName = NamedEntityGetRequest.newBuilder();
    strict.bindPath(byName, Map.of("resource_type", "WORKFLOW", "id.project", "p"));
    assertThat(byName.getResourceType()).isEqualTo(ResourceType.WORKFLOW);
    NamedEntityGetRequest.Builder byNumber = NamedEntityGetRequest.newBuilder();
    strict.bindPath(byNumber, Map.of("resource_type", "3"));
    assertThat(byNumber.getResourceType()).isEqualTo(ResourceType.LAUNCH_PLAN);
    assertThatThrownBy(() -> strict.bindPath(NamedEntityGetRequest.newBuilder(), Map.of("resource_type", "TABLE")))
        .hasMessage("type mismatch, parameter: resource_type, error: \"TABLE\" is not a valid value");
    assertThatThrownBy(() -> strict.bindPath(NamedEntityGetRequest.newBuilder(), Map.of("resource_type", "9")))
        .hasMessageContaining("\"9\" is not a valid value");
  }

  @Test
  void strictModeRefusesWhatGrpcGatewayIgnores() {
    assertThatThrownBy(() -> list(strict, "limit=1&colour=red"))
        .isInstanceOf(MessageBinder.BindException.class)
        .hasMessage("unknown query parameter \"colour\" for flyteidl.admin.ResourceListRequest");
    assertThatThrownBy(() -> list(strict, "sort_by.kee=name"))
        .hasMessageContaining("unknown query parameter \"sort_by.kee\"");
    assertThatThrownBy(() -> list(strict, "id.project=other"))
        .hasMessage("query parameter \"id.project\" conflicts with path variable id.project");
    assertThatThrownBy(() -> list(strict, "id.domain.x=1"))
        .hasMessageContaining("conflicts with path variable id.domain");
    assertThatThrownBy(() -> list(strict, "sort_by.key=a&sortBy.key=b"))
        .hasMessage("query parameters \"sort_by.key\" and \"sortBy.key\" both set sort_by.key");

    ResourceListRequest r = list(lenient, "limit=1&colour=red&id.project=other&sort_by.key=a&sortBy.key=b");
    assertThat(r.getLimit()).isEqualTo(1);
    assertThat(r.getId().getProject()).isEqualTo("flytesnacks");
    assertThat(r.getSortBy().getKey()).isEqualTo("b");
  }

  @Test
  void badValuesAreRefusedInBothModes() {
    for (MessageBinder binder : List.of(strict, lenient)) {
      assertThatThrownBy(() -> list(binder, "limit=1&limit=2")).hasMessage("too many values for field \"limit\": 1, 2");
      assertThatThrownBy(() -> list(binder, "limit=ten")).hasMessageContaining("invalid syntax");
      // limit is a uint32: Go's ParseUint takes no sign
      assertThatThrownBy(() -> list(binder, "limit=%2B5")).hasMessageContaining("ParseUint: parsing \"+5\"");
      assertThatThrownBy(() -> list(binder, "limit=99999999999")).hasMessageContaining("out of range");
      assertThatThrownBy(() -> list(binder, "limit=١٢")).hasMessageContaining("invalid syntax"); // non-ASCII digits
      assertThatThrownBy(() -> list(binder, "sort_by.direction=SIDEWAYS")).hasMessageContaining("not a valid value");
      assertThatThrownBy(() -> list(binder, "limit.x=1")).hasMessage("invalid path: \"limit\" is not a message");
      assertThatThrownBy(() -> list(binder, "sort_by=name"))
          .hasMessage("unsupported message type: \"flyteidl.admin.Sort\"");
    }
  }

  @Test
  void wellKnownTypesRepeatedMapsAndOneofs() {
    TaskMetadata.Builder b = TaskMetadata.newBuilder();
    strict.bindQuery(b, query("timeout=1m30.5s&retries.retries=3&discoverable=t&interruptible=false"
        + "&cache_ignore_input_vars=a&cacheIgnoreInputVars=b&cache_ignore_input_vars=c&tags[team]=ml&tags[tier]=gold"
        + "&generates_deck=true"), List.of());
    assertThat(b.build()).isEqualTo(TaskMetadata.newBuilder()
        .setTimeout(Duration.newBuilder().setSeconds(90).setNanos(500_000_000))
        .setRetries(b.getRetries().toBuilder().setRetries(3))
        .setDiscoverable(true).setInterruptible(false)
        .addAllCacheIgnoreInputVars(List.of("a", "c", "b"))
        .putTags("team", "ml").putTags("tier", "gold")
        .setGeneratesDeck(com.google.protobuf.BoolValue.of(true)).build());

    assertThatThrownBy(() -> strict.bindQuery(TaskMetadata.newBuilder().setInterruptible(true),
        query("interruptible=false"), List.of())).hasMessage("field already set for oneof \"interruptible_value\"");
    assertThatThrownBy(() -> strict.bindQuery(TaskMetadata.newBuilder(), query("tags=x"), List.of()))
        .hasMessageContaining("in map \"flyteidl.core.TaskMetadata.tags\"");
    assertThatThrownBy(() -> strict.bindQuery(TaskMetadata.newBuilder(), query("timeout=90"), List.of()))
        .hasMessageContaining("bad Duration");
    assertThatThrownBy(() -> strict.bindQuery(TaskMetadata.newBuilder(), query("retries.retries=-1"), List.of()))
        .hasMessageContaining("ParseUint");

    ExecutionMetadata.Builder m = ExecutionMetadata.newBuilder();
    strict.bindQuery(m, query("scheduled_at=2024-05-01T10:00:00.25%2B02:00&mode=SCHEDULED&nesting=2"), List.of());
    assertThat(m.getScheduledAt()).isEqualTo(Timestamp.newBuilder().setSeconds(1714550400L).setNanos(250_000_000)
        .build());
    assertThat(m.getMode()).isEqualTo(ExecutionMetadata.ExecutionMode.SCHEDULED);
    assertThatThrownBy(() -> strict.bindQuery(ExecutionMetadata.newBuilder(), query("scheduled_at=yesterday"),
        List.of())).hasMessageContaining("bad Timestamp");

    Struct.Builder s = Struct.newBuilder();
    strict.bindQuery(s, query("fields[a]=%22x%22&fields[b]=1.5"), List.of());
    assertThat(s.build()).isEqualTo(Struct.newBuilder().putFields("a", Value.newBuilder().setStringValue("x").build())
        .putFields("b", Value.newBuilder().setNumberValue(1.5).build()).build());
  }

  @Test
  void checksTemplateVariablesAgainstTheRequestType() {
    assertThat(MessageBinder.checkPathField(ResourceListRequest.getDescriptor(), "id.project")).isNull();
    assertThat(MessageBinder.checkPathField(ResourceListRequest.getDescriptor(), "id.colour"))
        .isEqualTo("no field id.colour in flyteidl.admin.ResourceListRequest");
    assertThat(MessageBinder.checkPathField(ResourceListRequest.getDescriptor(), "sort_by")).contains("is a message");
    assertThat(MessageBinder.checkPathField(ResourceListRequest.getDescriptor(), "limit.x"))
        .contains("is not a message");
  }
}
