import type { XMLParser } from 'fast-xml-parser';

/**
 * CityVisual's XML answers (`Format=XML`, or an XML error from a gateway in JSON mode) read with
 * fast-xml-parser. The parser is imported on the first XML response, not with the library, so
 * JSON-only users never load it.
 *
 * The configuration is the whole point of this module:
 * - nothing is type-guessed (`parseTagValue: false`): every value stays the string the cloud sent
 *   (`007` stays `007`, `1e3` stays `1e3`), and the native schema coerces only the fields the
 *   documents type as Integer;
 * - list elements are always arrays, also with one member, so one group reads like many;
 * - no entity is ever expanded (`processEntities: false`): a DOCTYPE's internal subset is
 *   skipped, so neither a billion-laughs cascade nor an external entity can do anything. The
 *   five predefined entities and numeric character references, which are plain XML escaping,
 *   are decoded here instead; any other `&name;` stays as written;
 * - the body is validated as it is parsed, so a truncated answer is an error, not a half record.
 */

// `JobGroups.JobGroup[]`, `JobGroupParams.JobGroupParam[]`, and `ComputeJobs` both as repeated
// elements (one job each, the documented XML example) and wrapped as `ComputeJobs.ComputeJob[]`.
const listElements: ReadonlySet<string> = new Set(['JobGroup', 'JobGroupParam', 'ComputeJobs', 'ComputeJob']);

const predefinedEntities: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};
const entityReference = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;

function decodeReference(reference: string, decimal?: string, hex?: string, name?: string): string {
  if (name) return predefinedEntities[name] ?? reference;
  const codePoint = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex as string, 16);
  // Not a character XML allows (NUL, a surrogate half, beyond Unicode): left as written.
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
    return reference;
  return String.fromCodePoint(codePoint);
}

/** XML escaping undone in one pass, so `&amp;lt;` is `&lt;` and not `<`. */
export function decodeXmlText(text: string): string {
  return text.includes('&') ? text.replace(entityReference, decodeReference) : text;
}

const parserOptions = {
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
  // CityVisual sends no CDATA; were it to, its text is read like any other text.
  cdataPropName: false,
  commentPropName: false,
  isArray: (tagName: string) => listElements.has(tagName),
  tagValueProcessor: (_tagName: string, value: string) => decodeXmlText(value),
} as const;

let parser: XMLParser | null = null;
let loading: Promise<XMLParser> | null = null;

/** The parser when it has been loaded, else null (then `loadXmlParser` first). */
export function loadedXmlParser(): XMLParser | null {
  return parser;
}

/** Imports fast-xml-parser once; later calls return the same parser. */
export function loadXmlParser(): Promise<XMLParser> {
  loading ??= import('fast-xml-parser').then(
    (module) => {
      parser = new module.XMLParser(parserOptions);
      return parser;
    },
    (error: unknown) => {
      // A failed import (a broken install) may be fixed without restarting: try again next time.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export interface XmlDocument {
  /** The root element's name: `DescribeJobGroupsResponse`, `Error`. */
  root: string;
  /** The root element's content: an object of child elements, or '' for an empty root. */
  content: unknown;
}

/**
 * A whole XML document with exactly one root element. Throws a plain Error with the parser's
 * message for anything that is not well-formed XML (the caller turns it into a
 * MalformedResponseError); a prototype-polluting element name is refused by the parser itself.
 */
export function parseXmlDocument(xml: XMLParser, body: string): XmlDocument {
  const parsed = xml.parse(body, true) as Record<string, unknown>;
  const roots = Object.keys(parsed);
  if (roots.length !== 1) throw new Error(roots.length === 0 ? 'no root element' : 'several root elements');
  const root = roots[0] as string;
  return { root, content: parsed[root] };
}
