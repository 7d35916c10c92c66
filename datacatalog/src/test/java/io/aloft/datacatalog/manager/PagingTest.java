package io.aloft.datacatalog.manager;

import static org.assertj.core.api.Assertions.assertThat;

import datacatalog.Datacatalog.PaginationOptions;
import org.junit.jupiter.api.Test;

class PagingTest {
  @Test
  void withoutOptionsAPageIsTheNewestFifty() {
    assertThat(Paging.of(PaginationOptions.getDefaultInstance(), false)).isEqualTo(new Paging(0, 50, false));
  }

  @Test
  void optionsGiveOffsetLimitAndOrderAndTheNextTokenCountsOn() {
    Paging p = Paging.of(PaginationOptions.newBuilder().setToken("20").setLimit(10)
        .setSortOrder(PaginationOptions.SortOrder.ASCENDING).build(), true);
    assertThat(p).isEqualTo(new Paging(20, 10, true));
    assertThat(p.nextToken(10)).isEqualTo("30");
    assertThat(p.nextToken(0)).isEqualTo("20");
    assertThat(Paging.of(PaginationOptions.newBuilder().setToken("5").build(), true))
        .isEqualTo(new Paging(5, 50, false));
    assertThat(Paging.of(PaginationOptions.newBuilder().setLimit(-1).build(), true).limit())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
