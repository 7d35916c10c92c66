package io.aloft.engine.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Times as Kubernetes' metav1.Time writes them: RFC 3339 in UTC with whole seconds. */
public final class Rfc3339 {
  private Rfc3339() {}

  /** {@code t} truncated to the second, as a status round trip keeps it. */
  public static Instant truncate(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Writes an Instant. */
  public static final class Serializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(truncate(value).toString());
    }
  }

  /** Reads an Instant (any RFC 3339 offset). */
  public static final class Deserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String s = p.getValueAsString();
      return s == null || s.isEmpty() ? null : OffsetDateTime.parse(s).toInstant();
    }
  }
}
