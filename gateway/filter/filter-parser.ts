// Recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2).
// One parser serves both because a PATCH path embeds a value filter; parse-filter.ts and
// parse-path.ts turn its FilterSyntaxError into the right ScimError.

import type { AttrPath, CompValue, CompareOp, FilterNode, PatchPath } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { printAttrPath } from './print-filter.js';
import { FilterSyntaxError } from './syntax-error.js';

const compareOps = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
// RFC 7643 §2.1 ATTRNAME, plus the `$ref` sub-attribute of references.
const attrName = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
const jsonNumber = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

const COMPARISON = 'a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)';
const VALUE = 'a value (a "quoted string", a number, true, false or null)';

export class FilterParser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(text: string, private readonly subject: 'filter' | 'path') {
    this.tokens = tokenize(text);
  }

  /** The whole text as a FILTER. */
  parseFilter(): FilterNode {
    if (this.peek().kind === 'end') throw new FilterSyntaxError('The filter is empty', 1);
    const node = this.parseOr(undefined);
    if (this.peek().kind !== 'end') this.fail('"and", "or" or the end of the filter');
    return node;
  }

  /**
   * PATH = attrPath / valuePath [subAttr]
   */
  parsePath(): PatchPath {
    const first = this.peek();
    if (first.kind === 'end') throw new FilterSyntaxError('The path is empty', 1);
    if (first.kind !== 'word') this.fail('an attribute name');
    const path = this.attrPath(this.advance(), undefined);
    if (this.peek().kind !== '[') {
      if (this.peek().kind !== 'end') this.fail('"[" or the end of the path');
      return { kind: 'PatchPath', path };
    }
    const valueFilter = this.parseBrackets(path);
    if (this.peek().kind === 'end') return { kind: 'PatchPath', path, valueFilter };
    if (this.peek().kind !== '.') this.fail('"." or the end of the path');
    this.advance();
    const subAttribute = this.subAttributeName(path);
    if (this.peek().kind !== 'end') this.fail('the end of the path');
    return { kind: 'PatchPath', path, valueFilter, subAttribute };
  }

  /** logExp with "or": the loosest binding. `parent` is set inside `attr[…]`. */
  private parseOr(parent: AttrPath | undefined): FilterNode {
    let left = this.parseAnd(parent);
    while (this.isWord(this.peek(), 'or')) {
      this.advance();
      left = { kind: 'Or', left, right: this.parseAnd(parent) };
    }
    return left;
  }

  /** "and" binds tighter than "or" (RFC 7644 §3.4.2.2, Table 4). */
  private parseAnd(parent: AttrPath | undefined): FilterNode {
    let left = this.parseFactor(parent);
    while (this.isWord(this.peek(), 'and')) {
      this.advance();
      left = { kind: 'And', left, right: this.parseFactor(parent) };
    }
    return left;
  }

  /**
   * *1"not" "(" FILTER ")" / attrExp / valuePath
   */
  private parseFactor(parent: AttrPath | undefined): FilterNode {
    const token = this.peek();
    if (this.isWord(token, 'not')) {
      this.advance();
      if (this.peek().kind !== '(') this.fail('"("', 'not must be followed by a parenthesised filter');
      return { kind: 'Not', filter: this.parseParens(parent) };
    }
    if (token.kind === '(') return this.parseParens(parent);
    if (token.kind !== 'word' || this.isWord(token, 'and') || this.isWord(token, 'or')) {
      this.fail(parent ? `a sub-attribute name of "${printAttrPath(parent)}", "not" or "("` : 'an attribute name, "not" or "("');
    }
    const path = this.attrPath(this.advance(), parent);
    if (this.peek().kind !== '[') return this.parseAttrExp(path);
    if (parent) this.fail(COMPARISON, 'value filters cannot be nested');
    const filter = this.parseBrackets(path);
    if (this.peek().kind !== '.') return { kind: 'ValuePath', path, filter };
    // `emails[type eq "work"].value eq "x"`: a condition on the same element as the
    // bracketed filter, so it joins that filter rather than standing beside it.
    this.advance();
    const sub: AttrPath = { kind: 'AttrPath', attribute: this.subAttributeName(path) };
    return { kind: 'ValuePath', path, filter: { kind: 'And', left: filter, right: this.parseAttrExp(sub) } };
  }

  private parseParens(parent: AttrPath | undefined): FilterNode {
    this.advance();
    const inner = this.parseOr(parent);
    if (this.peek().kind !== ')') this.fail('"and", "or" or ")"');
    this.advance();
    return inner;
  }

  /**
   * valuePath = attrPath "[" valFilter "]"
   */
  private parseBrackets(path: AttrPath): FilterNode {
    if (path.subAttribute !== undefined) {
      this.fail(
        this.subject === 'path' ? '"[" or the end of the path' : COMPARISON,
        `"${printAttrPath(path)}" is a sub-attribute; a value filter goes on the attribute itself`,
      );
    }
    this.advance();
    const filter = this.parseOr(path);
    if (this.peek().kind !== ']') this.fail('"and", "or" or "]"');
    this.advance();
    return filter;
  }

  /**
   * attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
   */
  private parseAttrExp(path: AttrPath): FilterNode {
    const token = this.peek();
    if (this.isWord(token, 'pr')) {
      this.advance();
      return { kind: 'Present', path };
    }
    if (token.kind !== 'word' || !compareOps.has(token.text.toLowerCase())) this.fail(COMPARISON);
    this.advance();
    return { kind: 'Compare', path, op: token.text.toLowerCase() as CompareOp, value: this.parseValue() };
  }

  /**
   * compValue = false / null / true / number / string
   */
  private parseValue(): CompValue {
    const token = this.peek();
    if (token.kind === 'string') {
      this.advance();
      return token.value!;
    }
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      const literals: Record<string, CompValue> = { true: true, false: false, null: null };
      if (word in literals) {
        this.advance();
        return literals[word]!;
      }
      if (jsonNumber.test(token.text)) {
        this.advance();
        return Number(token.text);
      }
      this.fail(VALUE, 'text values must be in double quotes');
    }
    this.fail(VALUE);
  }

  /**
   * attrPath = [URI ":"] ATTRNAME *1subAttr
   * Inside `attr[…]` only a bare sub-attribute name is allowed.
   */
  private attrPath(token: Token, parent: AttrPath | undefined): AttrPath {
    const text = token.text;
    if (parent) {
      if (!attrName.test(text)) this.failAt(token, `a sub-attribute name of "${printAttrPath(parent)}"`);
      return { kind: 'AttrPath', attribute: text };
    }
    // Attribute names never contain ':', so the URN is everything up to the last one.
    const colon = text.lastIndexOf(':');
    const schema = colon >= 0 ? text.slice(0, colon) : undefined;
    const rest = text.slice(colon + 1);
    const parts = rest.split('.');
    let offset = token.offset + colon + 1;
    for (const [i, part] of parts.entries()) {
      const position = offset + 1;
      const found = part === '' ? (i === 0 && schema !== undefined ? 'nothing' : `"${text}"`) : `"${part}"`;
      if (i > 1) {
        throw new FilterSyntaxError(`Expected no more than one "." in an attribute path at position ${position}, found ${found}`, position);
      }
      if (!attrName.test(part)) {
        const what = i === 1 ? 'a sub-attribute name' : schema === undefined ? 'an attribute name' : 'an attribute name after the schema URN';
        throw new FilterSyntaxError(`Expected ${what} at position ${position}, found ${found}`, position);
      }
      offset += part.length + 1;
    }
    return {
      kind: 'AttrPath',
      ...(schema === undefined ? {} : { schema }),
      attribute: parts[0]!,
      ...(parts.length > 1 ? { subAttribute: parts[1] } : {}),
    };
  }

  private subAttributeName(path: AttrPath): string {
    const token = this.peek();
    if (token.kind !== 'word' || !attrName.test(token.text)) this.fail(`a sub-attribute name of "${printAttrPath(path)}"`);
    this.advance();
    return token.text;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private advance(): Token {
    return this.tokens[this.index++]!;
  }

  private fail(expected: string, note?: string): never {
    this.failAt(this.peek(), expected, note);
  }

  /** `Expected <what> after "<previous token>" at position <n>, found "<token>" (<note>)`. */
  private failAt(token: Token, expected: string, note?: string): never {
    const at = this.tokens.indexOf(token);
    const previous = at > 0 ? this.tokens[at - 1] : undefined;
    const after = previous ? ` after ${quote(previous)}` : '';
    const found = token.kind === 'end' ? `, but the ${this.subject} ended` : `, found ${quote(token)}`;
    const why = note === undefined ? '' : ` (${note})`;
    throw new FilterSyntaxError(`Expected ${expected}${after} at position ${token.offset + 1}${found}${why}`, token.offset + 1);
  }
}

const quote = (token: Token) => (token.kind === 'string' ? token.text : `"${token.text}"`);
