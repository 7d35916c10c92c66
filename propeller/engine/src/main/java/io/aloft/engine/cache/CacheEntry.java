package io.aloft.engine.cache;

import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.Literals.LiteralMap;

/**
 * A cached result.
 *
 * @param outputs the outputs
 * @param metadata where they are (dataset id, artifact tag) and which task execution produced them
 */
public record CacheEntry(LiteralMap outputs, CatalogMetadata metadata) {}
