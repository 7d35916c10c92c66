package io.aloft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.engine.cache.CacheKey;
import io.aloft.engine.cache.PbHash;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The Java cache keys against golden values computed by Flyte's Go code (resources/cache-keys). */
class CacheKeyGoldenTest {
  static JsonNode golden() throws Exception {
    try (InputStream in = CacheKeyGoldenTest.class.getResourceAsStream("/cache-keys/golden.json")) {
      return new ObjectMapper().readTree(in).get("cases");
    }
  }

  @TestFactory
  Stream<DynamicTest> keysMatchGo() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : golden()) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
        LiteralMap inputs = LiteralMap.parseFrom(Base64.getDecoder().decode(c.get("inputs").asText()));
        TypedInterface iface = TypedInterface.parseFrom(Base64.getDecoder().decode(c.get("interface").asText()));
        List<String> ignore = new ArrayList<>();
        c.get("ignore").forEach(n -> ignore.add(n.asText()));
        Identifier task = Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject("p").setDomain("d")
            .setName("my.task").setVersion("tv").build();
        CacheKey key = new CacheKey(task, c.get("cacheVersion").asText(), iface, inputs, ignore);
        assertThat(key.tag()).isEqualTo(c.get("tag").asText());
        assertThat(key.datasetId().getName()).isEqualTo(c.get("datasetName").asText());
        assertThat(key.datasetId().getVersion()).isEqualTo(c.get("datasetVersion").asText());
        assertThat(key.datasetId().getProject()).isEqualTo("p");
        assertThat(key.datasetId().getDomain()).isEqualTo("d");
      }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  @Test
  void ignoredInputsAndHashedLiteralsGiveGoldenEqualities() throws Exception {
    String ignore = null;
    String same = null;
    String hash = null;
    String hashOther = null;
    for (JsonNode c : golden()) {
      switch (c.get("name").asText()) {
        case "ignore-vars" -> ignore = c.get("tag").asText();
        case "ignore-vars-same" -> same = c.get("tag").asText();
        case "hash" -> hash = c.get("tag").asText();
        case "hash-other-uri" -> hashOther = c.get("tag").asText();
        default -> { }
      }
    }
    // Go says so, and so must the port: ignored inputs and literal values behind a hash do not change the tag.
    assertThat(ignore).isEqualTo(same);
    assertThat(hash).isEqualTo(hashOther);
  }

  @Test
  void objectHashOfKnownValues() {
    // objecthash's own examples (go/objecthash/objecthash_test.go).
    assertThat(hex(PbHash.commonJsonHash("[\"foo\", \"bar\"]")))
        .isEqualTo("32ae896c413cfdc79eec68be9139c86ded8b279238467c216cf2bec4d5f1e4a2");
    String floats = "783a423b094307bcb28d005bc2f026ff44204442ef3513585e7e73b66e3c2213";
    assertThat(hex(PbHash.commonJsonHash(
        "[\"foo\", {\"bar\":[\"baz\", null, 1.0, 1.5, 0.0001, 1000.0, 2.0, -23.1234, 2.0]}]"))).isEqualTo(floats);
    assertThat(hex(PbHash.commonJsonHash(
        "[\"foo\", {\"bar\":[\"baz\", null, 1, 1.5, 0.0001, 1000, 2, -23.1234, 2]}]"))).isEqualTo(floats);
    assertThat(hex(PbHash.commonJsonHash(
        "[\"foo\", {\"b4r\":[\"baz\", null, 1, 1.5, 0.0001, 1000, 2, -23.1234, 2]}]")))
        .isEqualTo("7e01f8b45da35386e4f9531ff1678147a215b8d2b1d047e690fd9ade6151e431");
    assertThat(hex(PbHash.commonJsonHash("{\"k2\":\"v2\",\"k1\":\"v1\",\"k3\":\"v3\"}")))
        .isEqualTo("ddd65f1f7568269a30df7cafc26044537dc2f02a1a0d830da61762fc3e687057");
    assertThat(hex(PbHash.commonJsonHash("{\"Foo\": \"abc\", \"Bar\": 1.5}")))
        .isEqualTo("edd3ec3058d604abcba6c4944b2a05ca1104cd1911cb78f93732634530f1e003");
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }
}
