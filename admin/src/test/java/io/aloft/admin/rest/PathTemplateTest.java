package io.aloft.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathTemplateTest {

  private static List<String> path(String p) {
    return UrlCoding.pathComponents(p);
  }

  @Test
  void bindsNestedFieldPathsOneSegmentEach() {
    PathTemplate t = PathTemplate.parse("/api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}");
    assertThat(t.fieldPaths()).containsExactly("id.project", "id.domain", "id.name", "id.version");
    assertThat(t.literalPrefix()).containsExactly("api", "v1", "tasks");
    assertThat(t.match(path("/api/v1/tasks/p/development/my.task/v1")))
        .containsExactly(Map.entry("id.project", "p"), Map.entry("id.domain", "development"),
            Map.entry("id.name", "my.task"), Map.entry("id.version", "v1"));
    assertThat(t.match(path("/api/v1/tasks/p/development/my.task"))).isNull();
    assertThat(t.match(path("/api/v1/tasks/p/development/my.task/v1/extra"))).isNull();
    assertThat(t.match(path("/api/v1/workflows/p/development/my.task/v1"))).isNull();
    // * matches an empty segment, as in grpc-gateway; the service then refuses the empty value
    assertThat(t.match(path("/api/v1/tasks//development/n/v"))).containsEntry("id.project", "");
  }

  @Test
  void literalOnlyTemplates() {
    PathTemplate t = PathTemplate.parse("/api/v1/projects");
    assertThat(t.fieldPaths()).isEmpty();
    assertThat(t.match(path("/api/v1/projects"))).isEmpty();
    assertThat(t.match(path("/api/v1/projects/"))).isNull();
    assertThat(t.match(path("/api/v1/project"))).isNull();
  }

  @Test
  void escapedSlashSplitsLikeGrpcGatewayDefaultUnescaping() {
    PathTemplate t = PathTemplate.parse("/api/v1/projects/{id}");
    assertThat(t.match(path("/api/v1/projects/a%20b"))).containsEntry("id", "a b");
    assertThat(t.match(path("/api/v1/projects/a+b"))).containsEntry("id", "a+b");
    assertThat(t.match(path("/api/v1/projects/a%2Fb"))).isNull();
  }

  @Test
  void variableOverSeveralSegmentsCapturesThemJoined() {
    PathTemplate t = PathTemplate.parse("/v1/{name=shelves/*/books/*}");
    assertThat(t.match(path("/v1/shelves/s1/books/b2"))).containsExactly(Map.entry("name", "shelves/s1/books/b2"));
    assertThat(t.match(path("/v1/shelves/s1/tomes/b2"))).isNull();
  }

  @Test
  void doubleWildcardTakesZeroOrMoreSegmentsAndLeavesTheTail() {
    PathTemplate rest = PathTemplate.parse("/v1/files/{path=**}");
    assertThat(rest.match(path("/v1/files"))).containsEntry("path", "");
    assertThat(rest.match(path("/v1/files/a/b/c"))).containsEntry("path", "a/b/c");

    PathTemplate tail = PathTemplate.parse("/v1/{path=**}/meta/{key}");
    assertThat(tail.match(path("/v1/a/b/meta/k"))).containsExactly(Map.entry("path", "a/b"), Map.entry("key", "k"));
    assertThat(tail.match(path("/v1/meta/k"))).containsExactly(Map.entry("path", ""), Map.entry("key", "k"));
    assertThat(tail.match(path("/v1/a/b/k"))).isNull();
  }

  @Test
  void verbMustEndTheLastSegment() {
    PathTemplate t = PathTemplate.parse("/v1/{name}:cancel");
    assertThat(t.verb()).isEqualTo("cancel");
    assertThat(t.match(path("/v1/op-1:cancel"))).containsExactly(Map.entry("name", "op-1"));
    assertThat(t.match(path("/v1/op-1"))).isNull();
    assertThat(t.match(path("/v1/:cancel"))).isNull();
    assertThat(t.match(path("/v1/op-1:undo"))).isNull();
    // without a verb in the template a colon is part of the value
    assertThat(PathTemplate.parse("/v1/{name}").match(path("/v1/op-1:cancel"))).containsEntry("name", "op-1:cancel");
  }

  @Test
  void everyGetTemplateOfFlyteidlParses() {
    for (String t : Arrays.asList("/api/v1/active_launch_plans/{project}/{domain}",
        "/api/v1/children/task_executions/{task_execution_id.node_execution_id.execution_id.project}/"
            + "{task_execution_id.node_execution_id.execution_id.domain}/{task_execution_id.retry_attempt}",
        "/api/v1/description_entities/{id.resource_type}/{id.project}/{id.domain}/{id.name}/{id.version}",
        "/.well-known/oauth-authorization-server", "/me")) {
      assertThat(PathTemplate.parse(t).toString()).isEqualTo(t);
    }
    assertThat(PathTemplate.parse("/.well-known/oauth-authorization-server").literalPrefix())
        .containsExactly(".well-known", "oauth-authorization-server");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "api/v1", "/v1//x", "/v1/{a.}", "/v1/{1a}", "/v1/{a}/{a}", "/v1/**/x/**",
      "/v1/{a=b/{c}}", "/v1/{a", "/v1/a}", "/v1/{a=}", "/v1/x*y", "/v1/{a}:", "/v1/a=b"})
  void refusesMalformedTemplates(String template) {
    assertThatThrownBy(() -> PathTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid path template");
  }
}
