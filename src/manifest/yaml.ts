/**
 * A small YAML writer for the Slack manifest: block mappings and sequences of JSON-like values.
 * It quotes every string that could read back as anything but itself (booleans, numbers, nulls,
 * indicators, ": " or " #"), using JSON's double-quoted form, which is also valid YAML. Only the
 * few shapes a manifest needs are supported; anything else throws rather than write bad YAML.
 */

/** A value YAML (and JSON) can hold. */
export type YamlValue =
  string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

type YamlMapping = { readonly [key: string]: YamlValue | undefined };

/** Words YAML 1.1 or 1.2 read as booleans or null when unquoted. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** Unquoted only: starts with a letter, "_" or "/"; words of safe characters joined by single spaces. */
const PLAIN = /^[A-Za-z_/][\w./@:-]*(?: [\w./@:-]+)*$/;
/** Characters YAML does not allow unescaped (or reads as line breaks, in YAML 1.1). */
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Renders a value as a YAML document: `comments` become leading `#` lines, and the text ends with
 * a newline. Mappings keep their key order; `undefined` entries are left out.
 */
export function toYaml(value: YamlValue, comments: readonly string[] = []): string {
  const head = comments.map((comment) => (comment ? `# ${comment}` : '#'));
  const body = isContainer(value) && !isEmpty(value) ? block(value, 0) : [inline(value)];
  return `${[...head, ...body].join('\n')}\n`;
}

/** A string as YAML writes it: bare when that is unambiguous, else double-quoted. */
export function yamlString(text: string): string {
  if (PLAIN.test(text) && !RESERVED.test(text) && !/:(?: |$)/.test(text)) return text;
  if (LONE_SURROGATE.test(text))
    throw new Error(`Cannot write a string with a lone surrogate to YAML: ${JSON.stringify(text)}`);
  return JSON.stringify(text).replace(
    UNPRINTABLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function block(value: readonly YamlValue[] | YamlMapping, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (isSequence(value)) {
    for (const item of value) {
      if (isContainer(item) && !isEmpty(item)) {
        // The item's own lines sit two columns in; its first line takes the "- " instead.
        const inner = block(item, indent + 2);
        lines.push(`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${inline(item)}`);
      }
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (isContainer(item) && !isEmpty(item))
      lines.push(`${pad}${yamlString(key)}:`, ...block(item, indent + 2));
    else lines.push(`${pad}${yamlString(key)}: ${inline(item)}`);
  }
  return lines;
}

/** A scalar, or an empty sequence or mapping, on one line. */
function inline(value: YamlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} to YAML.`);
    // YAML 1.1 reads "5e-7" as a string: its floats need a dot ("5.0e-7"), which 1.2 accepts too.
    return String(value).replace(/^(-?\d+)e/, '$1.0e');
  }
  if (isSequence(value)) return '[]';
  return '{}';
}

function isSequence(value: YamlValue | undefined): value is readonly YamlValue[] {
  return Array.isArray(value);
}

function isContainer(value: YamlValue | undefined): value is readonly YamlValue[] | YamlMapping {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: readonly YamlValue[] | YamlMapping): boolean {
  return isSequence(value) ? value.length === 0 : Object.values(value).every((item) => item === undefined);
}
