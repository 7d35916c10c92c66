package io.aloft.testkit.badinput;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Messages of any type built from its descriptor with a seeded {@link Random}: each field is set or not, with a
 * hostile value for its kind and name, or with a valid value ({@code valid}, by field name) so that some requests
 * get past the first checks. Nesting stops at {@link #MAX_DEPTH}.
 */
final class RandomMessages {
  static final int MAX_DEPTH = 5;

  private final Random random;
  private final Map<String, String> valid;

  RandomMessages(Random random, Map<String, String> valid) {
    this.random = random;
    this.valid = valid;
  }

  DynamicMessage message(Descriptor type) {
    return message(type, 0).build();
  }

  private DynamicMessage.Builder message(Descriptor type, int depth) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    for (FieldDescriptor f : type.getFields()) {
      if (random.nextInt(3) == 0 || (depth >= MAX_DEPTH && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)) {
        continue;
      }
      int copies = f.isRepeated() ? random.nextInt(4) : 1;
      for (int i = 0; i < copies; i++) {
        Object v = value(f, depth);
        if (f.isRepeated()) {
          b.addRepeatedField(f, v);
        } else {
          b.setField(f, v);
        }
      }
    }
    return b;
  }

  private Object value(FieldDescriptor f, int depth) {
    return switch (f.getJavaType()) {
      case STRING -> string(f);
      case INT -> (int) (long) pick(Hostile.NUMBERS);
      case LONG -> pick(Hostile.NUMBERS);
      case FLOAT -> (float) (double) pick(Hostile.DOUBLES);
      case DOUBLE -> pick(Hostile.DOUBLES);
      case BOOLEAN -> random.nextBoolean();
      case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(64)));
      case ENUM -> enumValue(f);
      case MESSAGE -> message(f.getMessageType(), depth + 1).build();
    };
  }

  /** A value for a string field, by the field's name: filters, tokens and sort keys get their own pools. */
  String string(FieldDescriptor f) {
    String name = f.getName();
    if (random.nextInt(4) == 0 && valid.containsKey(name)) {
      return valid.get(name);
    }
    if (name.equals("filters")) {
      return pick(Hostile.FILTERS);
    }
    if (name.equals("token")) {
      return pick(Hostile.TOKENS);
    }
    if (name.equals("key") && f.getContainingType().getName().equals("Sort")) {
      return pick(Hostile.SORT_KEYS);
    }
    return pick(Hostile.STRINGS);
  }

  private EnumValueDescriptor enumValue(FieldDescriptor f) {
    var values = f.getEnumType().getValues();
    if (random.nextInt(4) == 0) {
      return f.getEnumType().findValueByNumberCreatingIfUnknown(random.nextBoolean() ? 99 : -1);
    }
    return values.get(random.nextInt(values.size()));
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
