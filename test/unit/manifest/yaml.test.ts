/**
 * The YAML writer, checked by reading its output back with a small strict reader written here
 * for the subset it emits (block mappings and sequences, "- key: value" items, double-quoted or
 * plain scalars). The reader types plain scalars as YAML 1.1 and 1.2 would (yes/on/~, numbers),
 * so a string the writer forgot to quote reads back as something else and fails.
 */
import fc from 'fast-check';
import { renderSlackManifest, slackManifest } from '../../../src/manifest/slack.js';
import { toYaml, yamlString, type YamlValue } from '../../../src/manifest/yaml.js';

interface Line {
  indent: number;
  text: string;
  number: number;
}

function readYaml(source: string): unknown {
  if (!source.endsWith('\n')) throw new Error('a document ends with a newline');
  const lines: Line[] = source
    .slice(0, -1)
    .split('\n')
    .map((raw, index) => ({ raw, number: index + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'))
    .map(({ raw, number }) => {
      if (/^\s*\t/.test(raw)) throw new Error(`line ${number}: a tab in the indentation`);
      return { indent: raw.length - raw.trimStart().length, text: raw.trim(), number };
    });
  let at = 0;
  const fail = (message: string): never => {
    throw new Error(`line ${lines[at]?.number ?? 'end'}: ${message}`);
  };
  const isItem = (line: Line | undefined, indent: number) =>
    line?.indent === indent && (line.text === '-' || line.text.startsWith('- '));

  function node(indent: number): unknown {
    const line = lines[at] ?? fail('a value is missing');
    if (line.indent !== indent) fail(`expected indentation ${indent}, found ${line.indent}`);
    if (isItem(line, indent)) return sequence(indent);
    if (entry(line.text)) return mapping(indent);
    at += 1;
    return scalar(line.text);
  }

  function sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (isItem(lines[at], indent)) {
      const line = lines[at]!;
      const rest = line.text === '-' ? '' : line.text.slice(2);
      if (rest === '') {
        at += 1;
        const next = lines[at];
        if (!next || next.indent <= indent) fail('an empty item');
        items.push(node(next!.indent));
      } else if (rest === '-' || rest.startsWith('- ') || entry(rest)) {
        // "- key: value" opens a mapping whose keys line up two columns in.
        lines[at] = { indent: indent + 2, text: rest, number: line.number };
        items.push(node(indent + 2));
      } else {
        at += 1;
        items.push(scalar(rest));
      }
    }
    return items;
  }

  function mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (lines[at]?.indent === indent && !isItem(lines[at], indent)) {
      const found = entry(lines[at]!.text) ?? fail(`not a "key: value" line: ${lines[at]!.text}`);
      if (Object.prototype.hasOwnProperty.call(result, found.key)) fail(`key "${found.key}" twice`);
      at += 1;
      let value: unknown;
      if (found.value !== '') value = scalar(found.value);
      else {
        const next = lines[at];
        if (!next || next.indent <= indent) fail(`key "${found.key}" has no value`);
        value = node(next!.indent);
      }
      Object.defineProperty(result, found.key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (lines[at] && lines[at]!.indent > indent) fail('unexpected indentation');
    return result;
  }

  return lines.length === 0
    ? null
    : (() => {
        const value = node(lines[0]!.indent);
        if (at < lines.length) fail('text after the document');
        return value;
      })();
}

/** A "key: value" or "key:" line, or undefined when the text is a lone scalar. */
function entry(text: string): { key: string; value: string } | undefined {
  if (text.startsWith('"')) {
    const end = closingQuote(text);
    if (text[end + 1] !== ':') return undefined;
    const after = text.slice(end + 2);
    if (after !== '' && !after.startsWith(' ')) return undefined;
    return { key: JSON.parse(text.slice(0, end + 1)) as string, value: after.trim() };
  }
  const match = /^(.*?):(?: (.*)|)$/.exec(text);
  if (!match) return undefined;
  const key = scalar(match[1]!);
  if (typeof key !== 'string') throw new Error(`a key that is not a string: ${match[1]}`);
  return { key, value: (match[2] ?? '').trim() };
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  throw new Error(`an unclosed quote: ${text}`);
}

function scalar(text: string): unknown {
  if (text.startsWith('"')) {
    if (closingQuote(text) !== text.length - 1) throw new Error(`text after a quoted string: ${text}`);
    return JSON.parse(text) as string;
  }
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (/^(?:true|yes|on|y)$/i.test(text)) return true;
  if (/^(?:false|no|off|n)$/i.test(text)) return false;
  if (/^(?:null|~)$/i.test(text)) return null;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text)) return Number(text);
  // Anything else YAML would not read as a plain string is refused, so mistakes cannot pass.
  if (/^[-?:,[\]{}#&*!|>'"%@`.+\d\s]/.test(text) || / #|: |:$|\t/.test(text) || text.endsWith(' ')) {
    throw new Error(`an ambiguous plain scalar: ${JSON.stringify(text)}`);
  }
  return text;
}

const roundTrip = (value: YamlValue) => readYaml(toYaml(value));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const hasLoneSurrogate = (value: unknown): boolean =>
  typeof value === 'string'
    ? LONE_SURROGATE.test(value)
    : typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item));

describe('yamlString', () => {
  it.each([
    ['Stride', 'Stride'],
    ['/habit', '/habit'],
    ['chat:write', 'chat:write'],
    ['message.im', 'message.im'],
    ['https://stride.example.com/slack/events', 'https://stride.example.com/slack/events'],
    ['Current and best streaks', 'Current and best streaks'],
  ])('leaves %j bare', (text, written) => {
    expect(yamlString(text)).toBe(written);
  });

  it.each([
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    'N',
    'true',
    'False',
    'null',
    '~',
    '',
    ' padded',
    'trailing ',
    '12',
    '1.5',
    '0x1f',
    '1:20',
    '.inf',
    '#4a154b',
    '- item',
    'key: value',
    'ends:',
    'a #comment',
    '[list]',
    '{map}',
    '*alias',
    '&anchor',
    '!tag',
    '|',
    '>',
    "'single'",
    '"double"',
    '%directive',
    '@mention',
    '`tick`',
    'two  spaces',
    'line\nbreak',
    'tab\there',
    'del\u007f',
    'nel\u0085',
    'ls\u2028',
    'bom\ufeff',
    'emoji 🔥',
    '…',
    'comma, here',
    'paren (x)',
    'C:\\path',
  ])('quotes %j so it reads back as itself', (text) => {
    const written = yamlString(text);
    expect(written.startsWith('"')).toBe(true);
    expect(roundTrip({ key: text })).toEqual({ key: text });
    expect(roundTrip([text])).toEqual([text]);
  });

  it('refuses a string with a lone surrogate', () => {
    expect(() => yamlString('broken \ud800')).toThrow(/lone surrogate/);
  });

  it('writes any string so that it reads back the same', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !LONE_SURROGATE.test(text)),
        (text) => {
          expect(roundTrip({ [text]: text, list: [text, { [text]: [text] }] })).toEqual({
            [text]: text,
            list: [text, { [text]: [text] }],
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('toYaml', () => {
  it('writes block mappings and sequences, empty ones inline, and ends with a newline', () => {
    const value = { a: 1, b: [true, null, 'x'], c: { d: [], e: {}, f: [{ g: 'h', i: [1, 2] }, [3, [4]]] } };
    expect(toYaml(value, ['a comment', ''])).toBe(
      [
        '# a comment',
        '#',
        'a: 1',
        'b:',
        '  - true',
        '  - null',
        '  - x',
        'c:',
        '  d: []',
        '  e: {}',
        '  f:',
        '    - g: h',
        '      i:',
        '        - 1',
        '        - 2',
        '    - - 3',
        '      - - 4',
        '',
      ].join('\n'),
    );
    expect(readYaml(toYaml(value))).toEqual(value);
  });

  it('writes exponents with a dot, as YAML 1.1 floats need', () => {
    expect(toYaml([5e-7, 1e21, -2e-300, 12, -0.5])).toBe('- 5.0e-7\n- 1.0e+21\n- -2.0e-300\n- 12\n- -0.5\n');
    expect(readYaml(toYaml([5e-7, 1e21]))).toEqual([5e-7, 1e21]);
  });

  it('leaves out undefined entries', () => {
    expect(toYaml({ a: undefined, b: 1 })).toBe('b: 1\n');
  });

  it('refuses numbers JSON and YAML cannot share', () => {
    expect(() => toYaml({ a: Number.NaN })).toThrow();
    expect(() => toYaml([Number.POSITIVE_INFINITY])).toThrow();
  });

  it('writes any JSON value so that it reads back the same', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).filter((value) => !hasLoneSurrogate(value));
    fc.assert(
      fc.property(json, (value) => {
        expect(roundTrip(value as YamlValue)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('manifest/slack.yaml as written', () => {
  it('reads back as the manifest object', () => {
    const manifest = slackManifest();
    expect(readYaml(renderSlackManifest(manifest))).toEqual(JSON.parse(JSON.stringify(manifest)));
  });
});
