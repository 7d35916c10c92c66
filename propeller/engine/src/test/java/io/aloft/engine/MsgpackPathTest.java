package io.aloft.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.engine.data.MsgpackPath;
import io.aloft.engine.data.MsgpackPath.MsgpackException;
import org.junit.jupiter.api.Test;

class MsgpackPathTest {
  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void takesAFieldOfWhatFlytekitWritesForADataclass() throws Exception {
    // flytekit 1.16.21: Point(x=3, y=4) -> {"x": 3, "y": 4} as MessagePack
    byte[] point = bytes(0x82, 0xa1, 'x', 0x03, 0xa1, 'y', 0x04);
    assertThat(MsgpackPath.field(point, "x")).containsExactly(0x03);
    assertThat(MsgpackPath.field(point, "y")).containsExactly(0x04);
    assertThatThrownBy(() -> MsgpackPath.field(point, "z")).isInstanceOf(MsgpackException.class)
        .hasMessageContaining("[z]");
  }

  @Test
  void walksNestedMapsAndArraysSkippingEveryKindOfValue() throws Exception {
    // {"a": 1.5 (float64), "b": "hi", "c": [nil, true, -1, 300 (uint16), {"d": [7, 8]}], "e": bin8 [1,2]}
    byte[] doc = bytes(0x84,
        0xa1, 'a', 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0,
        0xa1, 'b', 0xa2, 'h', 'i',
        0xa1, 'c', 0x95, 0xc0, 0xc3, 0xff, 0xcd, 0x01, 0x2c, 0x81, 0xa1, 'd', 0x92, 0x07, 0x08,
        0xa1, 'e', 0xc4, 0x02, 0x01, 0x02);
    byte[] c = MsgpackPath.field(doc, "c");
    assertThat(MsgpackPath.element(c, 3)).containsExactly(0xcd, 0x01, 0x2c);
    byte[] d = MsgpackPath.field(MsgpackPath.element(c, 4), "d");
    assertThat(MsgpackPath.element(d, 1)).containsExactly(0x08);
    assertThat(MsgpackPath.field(doc, "e")).containsExactly(0xc4, 0x02, 0x01, 0x02);
    assertThatThrownBy(() -> MsgpackPath.element(c, 5)).isInstanceOf(MsgpackException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> MsgpackPath.field(c, "x")).isInstanceOf(MsgpackException.class)
        .hasMessageContaining("not a map");
    assertThatThrownBy(() -> MsgpackPath.field(bytes(0x81, 0xa1, 'x'), "x")).isInstanceOf(MsgpackException.class)
        .hasMessageContaining("truncated");
  }
}
