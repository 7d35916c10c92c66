package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FilterParser.match must give exactly what FlyteAdmin's filterRegex gives (checked against the same pattern on
 * java.util.regex, which picks the same leftmost-first groups as Go), without its backtracking blow-up.
 */
class FilterRegexEquivalenceTest {
  private static final char[] ALPHABET = {'(', ')', ',', ' ', '\n', 'a', '\t'};

  private static String[] viaRegex(String s) {
    Matcher m = FilterParser.FLYTEADMIN_REGEX.matcher(s);
    return m.find() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
  }

  private static void check(String s) {
    assertThat(FilterParser.match(s)).as("groups for %s", s.replace("\n", "\\n").replace("\t", "\\t"))
        .isEqualTo(viaRegex(s));
  }

  @Test
  void exhaustiveUpToSevenCharacters() {
    int k = ALPHABET.length;
    for (int len = 0; len <= 7; len++) {
      int total = (int) Math.pow(k, len);
      char[] buf = new char[len];
      for (int code = 0; code < total; code++) {
        int c = code;
        for (int i = 0; i < len; i++) {
          buf[i] = ALPHABET[c % k];
          c /= k;
        }
        check(new String(buf));
      }
    }
  }

  @Test
  void randomLongerStrings() {
    Random random = new Random(20240607L);
    char[] alphabet = {'(', ')', ',', ' ', '\n', 'a', 'b', ';', '\t', '.'};
    for (int iteration = 0; iteration < 200_000; iteration++) {
      int len = 8 + random.nextInt(17);
      char[] buf = new char[len];
      for (int i = 0; i < len; i++) {
        buf[i] = alphabet[random.nextInt(alphabet.length)];
      }
      check(new String(buf));
    }
  }

  @Test
  void realisticFilters() {
    for (String s : new String[] {"eq(version,abc)", "eq(name, foo)", "eq(name,  foo)", "value_in(phase,A;B)",
        "eq(name,f(x))", "eq(name,a,b)", "eq(name,x)trailing", " eq(name,x)", "eq(name,\nx)", "eq(name,\n\nx)",
        "a\neq(name,x)", "eq(name,x)\neq(a,b)", "eq(a,b,\nc)", "gte(created_at,2018-07-27T00:30:31.5-07:00)"}) {
      check(s);
    }
  }

  @Test
  @Timeout(5)
  void adversarialInputIsLinear() {
    for (String shape : new String[] {"(", "(,", "a(", "(,)", ",", "(a,", "(,\n", "((,,))"}) {
      String s = shape.repeat(200_000 / shape.length());
      FilterParser.match(s);
      assertThatThrownBy(() -> FilterParser.parse(s, Catalogs.EXECUTIONS))
          .isInstanceOf(ListRequestException.class);
    }
    long started = System.nanoTime();
    FilterParser.match("(,".repeat(500_000));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }
}
