import fc from 'fast-check';

/**
 * Arbitraries of hostile responses: random JSON and text, documented examples with one part
 * mutated, huge strings, deep nesting, truncation; and XML with entity tricks for clouds that
 * answer in XML.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const huge = (length: number) => 'x'.repeat(length);

/** Nested arrays or objects `depth` deep, as text (building them as values would overflow the stack). */
export function deepText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Values a field may be replaced with: every JSON type, extremes, and strings that look like something. */
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    -1e-308,
    '',
    ' ',
    'null',
    'NaN',
    '-1',
    '1e400',
    '2020-13-45T99:99:99Z',
    '0000-00-00T00:00:00Z',
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    [],
    {},
    [null],
    { __proto__: 'x' } as unknown as Json,
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 1_000, max: 200_000 }).map(huge),
);

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) pathsOf(item, [...prefix, index], out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

type Mutation =
  | { kind: 'replace'; value: Json }
  | { kind: 'delete' }
  | { kind: 'wrap' }
  | { kind: 'repeat'; times: number }
  | { kind: 'rename'; name: string }
  | { kind: 'nest'; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: oddValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 2, max: 3_000 }).map((times) => ({ kind: 'repeat' as const, times })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'toString'))
      .map((name) => ({ kind: 'rename' as const, name })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 5_000 }).map((depth) => ({ kind: 'nest' as const, depth })),
  },
);

// Stands in for nesting too deep to build as a value; swapped for the text after stringifying.
const nestPlaceholder = 'nest-placeholder-7f3a9c';

/** The document with one part changed. */
function mutate(document: Json, path: Path, change: Mutation): string {
  const copy = structuredClone(document) as Json;
  const changed = (current: Json): Json => {
    if (change.kind === 'replace') return change.value;
    if (change.kind === 'wrap') return [current];
    if (change.kind === 'nest') return nestPlaceholder;
    return current;
  };
  let result: Json = copy;
  if (path.length === 0) result = changed(copy);
  else {
    let parent = copy as Record<string | number, Json>;
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, Json>;
    const last = path.at(-1) as string | number;
    if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (change.kind === 'repeat') {
      if (Array.isArray(parent)) parent.splice(last as number, 0, ...Array(change.times).fill(parent[last]));
      else parent[last] = Array(change.times).fill(parent[last]);
    } else if (change.kind === 'rename' && !Array.isArray(parent)) {
      const value = parent[last] as Json;
      delete parent[last];
      // defineProperty: `__proto__` as an own key, as JSON.parse would make it.
      Object.defineProperty(parent, change.name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else parent[last] = changed(parent[last] as Json);
  }
  const text = JSON.stringify(result);
  return change.kind === 'nest'
    ? text.replace(`"${nestPlaceholder}"`, deepText(change.depth, 'array'))
    : text;
}

/** A documented example with one part mutated. */
export function mutatedExample(text: string): fc.Arbitrary<string> {
  const document = JSON.parse(text) as Json;
  const paths = pathsOf(document);
  return fc
    .tuple(fc.nat({ max: paths.length - 1 }), mutation)
    .map(([index, change]) => mutate(document, paths[index] as Path, change));
}

/** Any body at all: random JSON, random text, huge or deeply nested documents, truncated examples. */
export function jsonBodies(examples: readonly string[]): fc.Arbitrary<string> {
  const fromExamples = examples.flatMap((text) => [
    mutatedExample(text),
    fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)),
  ]);
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...fromExamples) },
    { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'null',
        '[]',
        '{}',
        '"x"',
        '<html><body>502 Bad Gateway</body></html>',
        JSON.stringify(huge(5_000_000)),
        deepText(100_000, 'array'),
        deepText(100_000, 'object'),
      ),
    },
  );
}

const billionLaughs = [
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  ...Array.from(
    { length: 9 },
    (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
  ),
  ']>',
].join('');
const externalEntity = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const parameterEntity = '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>';

/** Puts a DOCTYPE right after the XML declaration (or first), as an attacker would. */
function withDoctype(xml: string, doctype: string): string {
  const declaration = /^\s*<\?xml[^>]*\?>/.exec(xml);
  return declaration ? `${declaration[0]}${doctype}${xml.slice(declaration[0].length)}` : `${doctype}${xml}`;
}

/** Replaces the text of the `nth` element that holds text (wrapping around) with `text`. */
function replaceText(xml: string, nth: number, text: string): string {
  const texts = [...xml.matchAll(/>([^<>]+)</g)].filter((match) => match[1]?.trim());
  const chosen = texts[nth % Math.max(1, texts.length)];
  if (!chosen || chosen.index === undefined) return xml;
  return `${xml.slice(0, chosen.index + 1)}${text}${xml.slice(chosen.index + 1 + (chosen[1] as string).length)}`;
}

/**
 * XML bodies from documented XML examples: entity tricks injected (an exponential entity, an
 * external entity, a parameter entity, each referenced from a field), values replaced with odd
 * text, deep nesting, truncation. A reader must expand no entity and stop on none for long.
 */
export function xmlBodies(examples: readonly string[]): fc.Arbitrary<string> {
  if (examples.length === 0) return fc.constant('<Response/>');
  const example = fc.constantFrom(...examples);
  const entityAttack = fc
    .tuple(
      example,
      fc.constantFrom(
        [billionLaughs, '&lol9;'],
        [externalEntity, '&xxe;'],
        [parameterEntity, 'x'],
        ['', '&undefined;'],
      ),
      fc.nat(),
    )
    .map(([xml, [doctype, reference], nth]) => replaceText(withDoctype(xml, doctype), nth, reference));
  const oddText = fc
    .tuple(
      example,
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', '-1', '1e999', 'NaN', '&amp;lt;', '&#0;', '&#xD800;', ']]>', 'x'.repeat(200_000)),
      ),
      fc.nat(),
    )
    .map(([xml, text, nth]) => replaceText(xml, nth, text.replace(/[<>]/g, '')));
  const nested = fc
    .tuple(example, fc.integer({ min: 100, max: 50_000 }), fc.nat())
    .map(([xml, depth, nth]) => replaceText(xml, nth, `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`));
  const truncated = fc.tuple(example, fc.nat()).map(([xml, cut]) => xml.slice(0, cut % (xml.length + 1)));
  return fc.oneof(
    entityAttack,
    oddText,
    nested,
    truncated,
    fc.string({ maxLength: 200 }).map((text) => `<${text}`),
  );
}

export const statuses: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(200) },
  { weight: 3, arbitrary: fc.constantFrom(400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 599 }) },
);

export const responseHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/html',
      'text/xml',
    ),
    'retry-after': fc.oneof(
      fc.constantFrom('1', '0', '-5', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e9'),
      fc.string(),
    ),
    'x-request-id': fc.string({ maxLength: 64 }),
  },
  { requiredKeys: ['content-type'] },
);
