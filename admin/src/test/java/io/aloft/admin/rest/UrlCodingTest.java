package io.aloft.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlCodingTest {

  @Test
  void parsesQueriesAsGoUrlParseQuery() {
    assertThat(UrlCoding.parseQuery("a=1&b=x+y&a=2&&c&d=%2B%C3%A9"))
        .containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("x y")), Map.entry("c", List.of("")),
            Map.entry("d", List.of("+é")));
    assertThat(UrlCoding.parseQuery("")).isEmpty();
    assertThat(UrlCoding.parseQuery(null)).isEmpty();
    assertThatThrownBy(() -> UrlCoding.parseQuery("a=1;b=2")).hasMessage("invalid semicolon separator in query");
    assertThatThrownBy(() -> UrlCoding.parseQuery("a=%zz")).hasMessage("invalid URL escape \"%zz\"");
    assertThatThrownBy(() -> UrlCoding.parseQuery("a=%4")).hasMessage("invalid URL escape \"%4\"");
  }

  @Test
  void splitsPathsAfterDecoding() {
    assertThat(UrlCoding.pathComponents("/api/v1/projects")).containsExactly("api", "v1", "projects");
    assertThat(UrlCoding.pathComponents("/a/%E2%82%AC+/")).containsExactly("a", "€+", "");
    assertThatThrownBy(() -> UrlCoding.pathComponents("/a/%g1")).isInstanceOf(IllegalArgumentException.class);
  }
}
