package io.aloft.admin.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.admin.AdminException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FlyteUrlTest {

  @Test
  void parsesFlytekitsFourForms() {
    FlyteUrl node = FlyteUrl.parse("flyte://v1/p/d/abc123/n0/o", "u");
    assertThat(node.node().getExecutionId().getProject()).isEqualTo("p");
    assertThat(node.node().getExecutionId().getDomain()).isEqualTo("d");
    assertThat(node.node().getExecutionId().getName()).isEqualTo("abc123");
    assertThat(node.node().getNodeId()).isEqualTo("n0");
    assertThat(node.attempt()).isEmpty();
    assertThat(node.io()).isEqualTo('o');
    assertThat(node.literalName()).isEmpty();

    FlyteUrl attempt = FlyteUrl.parse("flyte://v1/p/d/abc123/n0/2/i/x_1", "u");
    assertThat(attempt.attempt()).isEqualTo(OptionalInt.of(2));
    assertThat(attempt.io()).isEqualTo('i');
    assertThat(attempt.literalName()).isEqualTo("x_1");

    assertThat(FlyteUrl.parse("flyte://v1/p/d/e/n-1/d", "u").io()).isEqualTo('d');
    assertThat(FlyteUrl.parse("flyte://v1/p/d/e/n0/o/out", "u").literalName()).isEqualTo("out");
  }

  @Test
  void refusesWhatFlyteAdminRefuses() {
    for (String bad : new String[] {"", "s3://b/k", "flyte://v2/p/d/e/n0/o", "flyte://v1/p/d/e/n0",
        "flyte://v1/p/d/e/n0/d/deckname", "flyte://v1/p/d/e/n0/o/", "flyte://v1/p/d/e/n.0/o",
        "flyte://v1/p/d/e/n0/99999999999/o"}) {
      assertThatThrownBy(() -> FlyteUrl.parse(bad, "flyte_url")).as(bad).isInstanceOf(AdminException.class)
          .hasMessageContaining("flyte_url");
    }
  }
}
