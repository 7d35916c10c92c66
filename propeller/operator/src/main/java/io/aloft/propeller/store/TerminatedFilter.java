package io.aloft.propeller.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The last {@code capacity} workflow keys seen terminated (Flyte's LRU terminated filter, 1000 entries). */
final class TerminatedFilter {
  private final Set<String> keys;

  TerminatedFilter(int capacity) {
    keys = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<String, Boolean>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    }));
  }

  boolean contains(String key) {
    return keys.contains(key);
  }

  void add(String key) {
    keys.add(key);
  }
}
