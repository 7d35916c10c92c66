// Renders flyteidl literals by their type: primitives as values, collections as lists, maps as tables; blobs,
// datasets and binaries by what identifies them (their URI, their tag and size), never their bytes.
import type { Literal, LiteralMap, Scalar } from "./api";
import { h } from "./dom";

/** A table of a literal map's entries (inputs or outputs), or a note when there are none. */
export function literalMapView(map: LiteralMap | null | undefined, empty: string): HTMLElement {
  const entries = Object.entries(map?.literals ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return h("p", { class: "muted" }, empty);
  return h("table", { class: "literals" }, ...entries.map(([name, lit]) =>
    h("tr", { "data-name": name }, h("th", {}, name), h("td", {}, literalView(lit)))));
}

/** One literal as an element; collections and maps nest. */
export function literalView(lit: Literal): HTMLElement {
  if (lit.collection) {
    return h("ol", { class: "literal collection", "data-kind": "collection" }, ...lit.collection.literals.map(l => h("li", {}, literalView(l))));
  }
  if (lit.map) {
    const table = literalMapView(lit.map, "{}");
    table.dataset.kind = "map";
    return table;
  }
  if (lit.offloaded_metadata) return value("offloaded", `offloaded: ${lit.offloaded_metadata.uri}`);
  if (lit.scalar) return scalarView(lit.scalar);
  return value("unknown", "(empty)");
}

function scalarView(s: Scalar): HTMLElement {
  const p = s.primitive;
  if (p) {
    if (p.integer !== undefined) return value("integer", p.integer);
    if (p.float_value !== undefined) return value("float", String(p.float_value));
    if (p.string_value !== undefined) return value("string", JSON.stringify(p.string_value));
    if (p.boolean !== undefined) return value("boolean", String(p.boolean));
    if (p.datetime !== undefined) return value("datetime", p.datetime);
    if (p.duration !== undefined) return value("duration", p.duration);
  }
  if (s.none_type) return value("none", "None");
  if (s.blob) return value("blob", s.blob.uri);
  if (s.structured_dataset) return value("dataset", s.structured_dataset.uri);
  if (s.schema) return value("schema", s.schema.uri);
  if (s.binary) return value("binary", `${s.binary.tag || "binary"}, ${atob(s.binary.value).length} bytes`);
  if (s.generic) return value("struct", JSON.stringify(s.generic));
  if (s.error) return value("error", s.error.message);
  if (s.union) return literalView(s.union.value);
  return value("unknown", "(unsupported literal)");
}

function value(kind: string, text: string): HTMLElement {
  return h("code", { class: `literal ${kind}`, "data-kind": kind }, text);
}
