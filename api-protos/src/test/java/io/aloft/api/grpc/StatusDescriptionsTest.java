package io.aloft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusDescriptionsTest {

  @Test
  void shortDescriptionsAreKept() {
    assertThat(StatusDescriptions.bounded("missing id.project")).isEqualTo("missing id.project");
    assertThat(StatusDescriptions.bounded(null)).isNull();
  }

  @Test
  void longDescriptionsAreCutToFitTheTrailers() {
    for (String unit : new String[] {"x", "é", "名", "\uD83D\uDE00", "%"}) {
      String description = "invalid name [" + unit.repeat(10_000) + "]";
      String bounded = StatusDescriptions.bounded(description);
      // at worst every byte is percent-encoded (3 bytes each on the wire)
      int encoded = URLEncoder.encode(bounded, StandardCharsets.UTF_8).length();
      assertThat(encoded).as(unit).isLessThanOrEqualTo(StatusDescriptions.MAX_ENCODED_BYTES);
      assertThat(bounded).startsWith("invalid name [" + unit).endsWith(" more characters)");
    }
  }
}
