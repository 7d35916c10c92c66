// Form fields for typed flyteidl inputs (a launch plan's parameters, a signal gate's value): one control per
// LiteralType, pre-filled from a default literal, read back into a Literal with a message naming the field when the
// text does not fit the type. Integers, floats, strings, booleans, datetimes, durations and enums get their own
// control; lists, maps and structs are JSON text; any other type is the flyteidl Literal itself as protojson.
import type { Literal, LiteralType } from "./api";
import { h } from "./dom";

/** A value that does not fit its field's type; the message names the field. */
export class FieldError extends Error {}

export interface InputField {
  name: string;
  /** The row: label, control and the place for the field's error. */
  row: HTMLElement;
  /** The field's literal (undefined: left empty and optional); throws a FieldError, shown next to the field. */
  read(): Literal | undefined;
}

export interface FieldSpec { type: LiteralType; default?: Literal | null; required?: boolean; description?: string }

export function inputField(name: string, spec: FieldSpec): InputField {
  const kind = kindOf(spec.type);
  const id = `input-${name}`;
  const control = controlFor(kind, spec, id, name);
  const error = h("span", { class: "field-error", id: `error-${name}` });
  const required = spec.required === true;
  const row = h("div", { class: "field", "data-input": name },
    h("label", { for: id }, h("strong", {}, name), required ? h("span", { class: "required" }, " *") : null, " ",
      h("span", { class: "muted" }, typeLabel(spec.type)),
      spec.description && spec.description !== name ? ` (${spec.description})` : null),
    control, error);
  return {
    name, row,
    read() {
      error.textContent = "";
      try {
        if (control instanceof HTMLInputElement && control.type === "checkbox") return boolean(control.checked);
        const text = control.value.trim();
        if (text === "" && required) throw new FieldError(`${name} is required`);
        // an optional field left empty takes the launch plan's default; an empty string is a value
        if (text === "" && kind !== "STRING") return undefined;
        return fromText(kind, spec.type, kind === "STRING" ? control.value : text, name);
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : String(e);
        throw e;
      }
    },
  };
}

type Kind = "INTEGER" | "FLOAT" | "STRING" | "BOOLEAN" | "DATETIME" | "DURATION" | "STRUCT" | "ENUM" | "JSON"
  | "LITERAL";

function kindOf(t: LiteralType): Kind {
  if (t.collection_type || t.map_value_type) return "JSON";
  if (t.enum_type) return "ENUM";
  switch (t.simple) {
    case "INTEGER": case "FLOAT": case "STRING": case "BOOLEAN": case "DATETIME": case "DURATION": case "STRUCT":
      return t.simple;
    default:
      return "LITERAL";
  }
}

/** How a type reads to a person: "integer", "list of integer", "map of string to float". */
export function typeLabel(t: LiteralType): string {
  if (t.collection_type) return `list of ${typeLabel(t.collection_type)}`;
  if (t.map_value_type) return `map of string to ${typeLabel(t.map_value_type)}`;
  if (t.enum_type) return `one of ${t.enum_type.values.join(", ")}`;
  if (t.simple && t.simple !== "NONE") return t.simple.toLowerCase();
  return "flyteidl literal (JSON)";
}

function controlFor(kind: Kind, spec: FieldSpec, id: string, name: string): HTMLInputElement | HTMLSelectElement |
    HTMLTextAreaElement {
  const text = spec.default ? toText(kind, spec.default) : "";
  switch (kind) {
    case "BOOLEAN":
      return h("input", { type: "checkbox", id, name, checked: spec.default?.scalar?.primitive?.boolean === true });
    case "ENUM":
      return h("select", { id, name }, ...(spec.type.enum_type?.values ?? []).map(v =>
        h("option", { value: v, selected: v === text }, v)));
    case "JSON": case "STRUCT": case "LITERAL":
      return Object.assign(h("textarea", { id, name, rows: 3, spellcheck: false }), { value: text });
    default:
      return h("input", { type: "text", id, name, value: text, placeholder: PLACEHOLDERS[kind] });
  }
}

const PLACEHOLDERS: Partial<Record<Kind, string>> = {
  INTEGER: "e.g. 42", FLOAT: "e.g. 0.5", DATETIME: "e.g. 2026-01-31T12:00:00Z", DURATION: "e.g. 90s or 1h30m",
};

/** A default literal as the field's text. */
function toText(kind: Kind, lit: Literal): string {
  if (kind === "LITERAL") return JSON.stringify(lit);
  if (kind === "JSON" || kind === "STRUCT") return JSON.stringify(toPlain(lit));
  const v = toPlain(lit);
  return v === null || v === undefined ? "" : String(v);
}

/** A literal as a plain JSON value: primitives, lists, objects (the inverse of fromPlain). */
function toPlain(lit: Literal): unknown {
  if (lit.collection) return lit.collection.literals.map(toPlain);
  if (lit.map) return Object.fromEntries(Object.entries(lit.map.literals).map(([k, v]) => [k, toPlain(v)]));
  const s = lit.scalar;
  const p = s?.primitive;
  if (p) return p.integer ?? p.float_value ?? p.string_value ?? p.boolean ?? p.datetime ?? p.duration;
  if (s?.generic) return s.generic;
  if (s?.union) return toPlain(s.union.value);
  return null;
}

function fromText(kind: Kind, type: LiteralType, text: string, name: string): Literal {
  switch (kind) {
    case "JSON": case "STRUCT":
      return fromPlain(type, parseJson(text, name), name);
    case "LITERAL": {
      const lit = parseJson(text, name);
      if (typeof lit !== "object" || lit === null || Array.isArray(lit)) {
        throw new FieldError(`${name} must be a flyteidl Literal as a JSON object`);
      }
      return lit as Literal;
    }
    case "ENUM":
      return primitive({ string_value: text });
    default:
      return fromPlain(type, text, name);
  }
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FieldError(`${name} must be JSON`);
  }
}

/** A plain value (from a text field or from JSON) as a literal of type t; path names the value in messages. */
function fromPlain(t: LiteralType, v: unknown, path: string): Literal {
  if (t.collection_type) {
    if (!Array.isArray(v)) throw new FieldError(`${path} must be a JSON list`);
    return { collection: { literals: v.map((x, i) => fromPlain(t.collection_type!, x, `${path}[${i}]`)) } };
  }
  if (t.map_value_type) {
    if (!isObject(v)) throw new FieldError(`${path} must be a JSON object`);
    return { map: { literals: Object.fromEntries(Object.entries(v).map(([k, x]) =>
      [k, fromPlain(t.map_value_type!, x, `${path}.${k}`)])) } };
  }
  const text = typeof v === "string" ? v.trim() : v;
  switch (t.simple) {
    case "INTEGER":
      if (!(typeof text === "number" && Number.isInteger(text)) && !(typeof text === "string" && /^[+-]?\d+$/.test(text))) {
        throw new FieldError(`${path} must be an integer`);
      }
      return primitive({ integer: String(text) });
    case "FLOAT": {
      const n = typeof text === "string" && text !== "" ? Number(text) : text;
      if (typeof n !== "number" || !Number.isFinite(n)) throw new FieldError(`${path} must be a number`);
      return primitive({ float_value: n });
    }
    case "STRING":
      if (typeof v !== "string") throw new FieldError(`${path} must be a string`);
      return primitive({ string_value: v });
    case "BOOLEAN":
      if (typeof v === "boolean") return boolean(v);
      if (text === "true" || text === "false") return boolean(text === "true");
      throw new FieldError(`${path} must be true or false`);
    case "DATETIME": {
      const ms = typeof text === "string" && /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(ms)) throw new FieldError(`${path} must be a date and time like 2026-01-31T12:00:00Z`);
      return primitive({ datetime: new Date(ms).toISOString() });
    }
    case "DURATION": {
      const seconds = typeof text === "string" ? durationSeconds(text) : undefined;
      if (seconds === undefined) throw new FieldError(`${path} must be a duration like 90s or 1h30m`);
      return primitive({ duration: `${seconds}s` });
    }
    case "STRUCT":
      if (!isObject(v)) throw new FieldError(`${path} must be a JSON object`);
      return { scalar: { generic: v } };
    default:
      throw new FieldError(`${path}: its type cannot be entered inside a list or map`);
  }
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** "90s", "1h30m", "1.5s", "250ms" (protobuf's and Go's forms) in seconds; undefined if it is neither. */
function durationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) seconds += Number(n) * UNIT_SECONDS[unit];
  return Math.round(seconds * 1e9) / 1e9;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function primitive(p: NonNullable<NonNullable<Literal["scalar"]>["primitive"]>): Literal {
  return { scalar: { primitive: p } };
}

function boolean(b: boolean): Literal {
  return primitive({ boolean: b });
}
