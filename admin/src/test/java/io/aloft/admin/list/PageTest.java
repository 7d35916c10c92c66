package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens and limits (flyteadmin validation.go ValidateToken/ValidateLimit; flytectl filters/util.go getToken). */
class PageTest {
  @ParameterizedTest
  @NullAndEmptySource
  void emptyTokenIsOffsetZero(String token) {
    assertThat(Page.of(100, token)).isEqualTo(new Page(0, 100));
  }

  @ParameterizedTest
  @CsvSource({"0,0", "100,100", "+5,5", "007,7", "-0,0", "9223372036854775807,9223372036854775807"})
  void tokensAreAtoiOffsets(String token, long offset) {
    assertThat(Page.parseToken(token)).isEqualTo(offset);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-100", "abc", " 5", "5 ", "1_000", "1e3", "0x10", "5.0", "\u0663",
      "9223372036854775808", "99999999999999999999", "+", "-"})
  void badTokensAreInvalidArgument(String token) {
    assertThatThrownBy(() -> Page.of(10, token))
        .isInstanceOf(ListRequestException.class)
        .hasMessageStartingWith("invalid pagination token " + token);
  }

  @Test
  void zeroLimitIsInvalidArgument() {
    assertThatThrownBy(() -> Page.of(0, "")).isInstanceOf(ListRequestException.class)
        .hasMessageContaining("invalid value for limit");
    // the limit is checked before the token, as FlyteAdmin validates the request first
    assertThatThrownBy(() -> Page.of(0, "bad")).hasMessageContaining("limit");
  }

  @Test
  void limitIsUnsigned() {
    assertThat(Page.of(-1, "").limit()).isEqualTo(4_294_967_295L);
    assertThat(Page.of(-1, "").maxResults()).isEqualTo(Integer.MAX_VALUE);
    assertThat(Page.of(1, "").limit()).isEqualTo(1);
  }

  @Test
  void nextTokenOnlyAfterAFullPage() {
    Page p = Page.of(100, "200");
    assertThat(p.nextToken(100)).isEqualTo("300");
    assertThat(p.nextToken(99)).isEmpty();
    assertThat(p.nextToken(0)).isEmpty();
    assertThat(Page.nextToken(0, 1, 1)).isEqualTo("1");
    assertThat(Page.nextToken(5, 3, 2)).isEmpty();
  }

  @Test
  void sqlBindsLimitThenOffset() {
    Page p = Page.of(25, "50");
    assertThat(p.sql()).isEqualTo("LIMIT ? OFFSET ?");
    assertThat(p.params()).containsExactly(25L, 50L);
    assertThat(p.firstResult()).isEqualTo(50);
    assertThat(p.maxResults()).isEqualTo(25);
    assertThat(Page.of(1, "9999999999").firstResult()).isEqualTo(Integer.MAX_VALUE);
  }

  /** flytectl/pkg/filters/util.go getToken. */
  private static String flytectlToken(int page, int limit) {
    int token = (page - 1) * limit;
    return token <= 0 ? "" : Integer.toString(token);
  }

  @Test
  void flytectlComputedTokensRoundTrip() {
    int limit = 30;
    for (int page = 0; page <= 6; page++) {
      Page p = Page.of(limit, flytectlToken(page, limit));
      assertThat(p.offset()).isEqualTo(Math.max(0, (page - 1) * limit));
      if (page >= 1) {
        // the token the server returns after a full page is the one flytectl computes for the next page
        assertThat(p.nextToken(limit)).isEqualTo(flytectlToken(page + 1, limit));
      }
    }
    assertThat(flytectlToken(2, 100)).isEqualTo("100"); // flytectl util_test TestProjectListRequestFunc
  }

  @Test
  void flytekitTokenLoopVisitsEveryRowOnce() {
    // flytekit's list loops: call with token, collect, stop when the returned token is "".
    List<Integer> rows = IntStream.range(0, 250).boxed().toList();
    List<Integer> seen = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    String token = "";
    do {
      Page p = Page.of(100, token);
      List<Integer> batch = rows.subList((int) Math.min(p.offset(), rows.size()),
          (int) Math.min(p.offset() + p.limit(), rows.size()));
      seen.addAll(batch);
      token = p.nextToken(batch.size());
      tokens.add(token);
    } while (!token.isEmpty());
    assertThat(seen).isEqualTo(rows);
    assertThat(tokens).containsExactly("100", "200", "");
  }

  @Test
  void exactMultipleEndsWithAnEmptyPage() {
    // 200 rows, limit 100: the second full page still yields a token, the third is empty and ends the loop.
    assertThat(Page.of(100, "").nextToken(100)).isEqualTo("100");
    assertThat(Page.of(100, "100").nextToken(100)).isEqualTo("200");
    assertThat(Page.of(100, "200").nextToken(0)).isEmpty();
  }

  @Test
  void constructorGuardsInvariants() {
    assertThatThrownBy(() -> new Page(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Page(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
