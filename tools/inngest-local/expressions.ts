// A small, safe evaluator for the subset of CEL (Common Expression Language) that Inngest functions use in trigger
// `if`s, cancelOn/waitForEvent `if`s (the SDK also writes `match: "data.x"` as `event.data.x == async.data.x`),
// `idempotency` and `concurrency.key`.
//
// Supported: literals ('str', "str", 12, 1.5, true, false, null), variables with member access (event.data.x,
// event.data["a-b"], async.data.items[0]), ==, !=, <, <=, >, >=, &&, ||, !, unary minus, parentheses.
// Everything else (function and macro calls such as size() or exists(), `in`, arithmetic, the ternary operator) is
// rejected when the expression is compiled, with the column, so an unsupported function fails its sync loudly
// instead of silently never matching.
//
// It is a hand-written parser over a fixed grammar that only reads data: no eval, no prototype access (keys are read
// with Object.hasOwn), so an event cannot make it run code.
//
// Semantics follow CEL where it matters for matching:
// - reading a missing field is an error, not undefined, so `async.data.orderId == event.data.orderId` does not match
//   when both sides lack the field;
// - == and != never error: values of different types are simply unequal (deep equality for lists and maps);
// - < <= > >= need two numbers, two strings or two booleans;
// - && and || absorb errors the way CEL does (false && error = false, true || error = true);
// - a top-level error or a non-boolean result means "no match".

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly column?: number,
  ) {
    super(column === undefined ? `${message} in \`${source}\`` : `${message} at column ${column} in \`${source}\``);
    this.name = "ExpressionError";
  }
}

/** Raised while evaluating (missing field, type mismatch); turned into "no match" at the top level. */
class EvalError extends Error {}

type Node =
  | { k: "lit"; v: unknown }
  | { k: "var"; name: string }
  | { k: "member"; obj: Node; key: string | number }
  | { k: "not"; e: Node }
  | { k: "neg"; e: Node }
  | { k: "and" | "or"; l: Node; r: Node }
  | { k: "cmp"; op: "==" | "!=" | "<" | "<=" | ">" | ">="; l: Node; r: Node };

type Token =
  | { t: "num"; v: number; col: number }
  | { t: "str"; v: string; col: number }
  | { t: "ident"; v: string; col: number }
  | { t: "op"; v: string; col: number }
  | { t: "end"; col: number };

// "," is tokenized only so that `x.exists(a, b)` fails at the call, with a message about calls, not about the comma.
const operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "-", "(", ")", "[", "]", ".", ","];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (msg: string, at = i): never => {
    throw new ExpressionError(msg, src, at + 1);
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const col = i;
    if (/[0-9]/.test(c)) {
      const m = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)u?/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ t: "num", v: Number(m[0].replace(/u$/, "")), col });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let out = "";
      i++;
      for (;;) {
        if (i >= src.length) fail("unterminated string", col);
        const ch = src[i] as string;
        if (ch === c) {
          i++;
          break;
        }
        if (ch === "\n") fail("newline in string", i);
        if (ch === "\\") {
          const esc = src[i + 1];
          const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };
          if (esc !== undefined && simple[esc] !== undefined) {
            out += simple[esc];
            i += 2;
          } else if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            fail("unsupported escape sequence", i);
          }
          continue;
        }
        out += ch;
        i++;
      }
      tokens.push({ t: "str", v: out, col });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ t: "ident", v: m[0], col });
      i += m[0].length;
      continue;
    }
    const op = operators.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: "op", v: op, col });
      i += op.length;
      continue;
    }
    fail(`unsupported character '${c}'${"+*/%?:{}".includes(c) ? " (only comparisons, &&, || and ! are supported)" : ""}`);
  }
  tokens.push({ t: "end", col: src.length });
  return tokens;
}

function parse(src: string, roots: readonly string[]): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const fail = (msg: string, tok: Token = peek()): never => {
    throw new ExpressionError(msg, src, tok.col + 1);
  };
  const isOp = (v: string) => {
    const tok = peek();
    return tok.t === "op" && tok.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) fail(`expected '${v}'`);
    pos++;
  };

  const parseOr = (): Node => {
    let l = parseAnd();
    while (isOp("||")) {
      pos++;
      l = { k: "or", l, r: parseAnd() };
    }
    return l;
  };
  const parseAnd = (): Node => {
    let l = parseCmp();
    while (isOp("&&")) {
      pos++;
      l = { k: "and", l, r: parseCmp() };
    }
    return l;
  };
  const parseCmp = (): Node => {
    const l = parseUnary();
    const tok = peek();
    if (tok.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(tok.v)) {
      pos++;
      const r = parseUnary();
      const next = peek();
      if (next.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(next.v)) {
        fail("chained comparisons are not supported; use && between them", next);
      }
      return { k: "cmp", op: tok.v as "==", l, r };
    }
    if (tok.t === "ident" && tok.v === "in") fail("the `in` operator is not supported");
    return l;
  };
  const parseUnary = (): Node => {
    if (isOp("!")) {
      pos++;
      return { k: "not", e: parseUnary() };
    }
    if (isOp("-")) {
      pos++;
      return { k: "neg", e: parseUnary() };
    }
    return parsePostfix();
  };
  const parsePostfix = (): Node => {
    let node = parsePrimary();
    for (;;) {
      if (isOp(".")) {
        pos++;
        const name = peek();
        if (name.t !== "ident") fail("expected a field name after '.'");
        pos++;
        if (isOp("(")) fail(`function and macro calls (like .${(name as { v: string }).v}()) are not supported`, name);
        node = { k: "member", obj: node, key: (name as { v: string }).v };
      } else if (isOp("[")) {
        pos++;
        const key = peek();
        if (key.t !== "str" && key.t !== "num") fail("only a string or number literal may appear inside [ ]");
        pos++;
        expectOp("]");
        node = { k: "member", obj: node, key: (key as { v: string | number }).v };
      } else if (isOp("(")) {
        fail("function calls are not supported");
      } else {
        return node;
      }
    }
  };
  const parsePrimary = (): Node => {
    const tok = peek();
    if (tok.t === "num" || tok.t === "str") {
      pos++;
      return { k: "lit", v: tok.v };
    }
    if (tok.t === "ident") {
      pos++;
      if (tok.v === "true" || tok.v === "false") return { k: "lit", v: tok.v === "true" };
      if (tok.v === "null") return { k: "lit", v: null };
      if (isOp("(")) fail(`function calls (${tok.v}()) are not supported`, tok);
      if (!roots.includes(tok.v)) {
        fail(`unknown variable '${tok.v}' (available here: ${roots.join(", ")})`, tok);
      }
      return { k: "var", name: tok.v };
    }
    if (isOp("(")) {
      pos++;
      const inner = parseOr();
      expectOp(")");
      return inner;
    }
    if (tok.t === "end") return fail("unexpected end of expression");
    return fail(`unexpected '${tok.t === "op" ? tok.v : ""}'`);
  };

  const ast = parseOr();
  if (peek().t !== "end") fail("unexpected trailing input");
  return ast;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  return typeof v === "object" ? "map" : typeof v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    return a.length === bl.length && a.every((x, i) => deepEqual(x, bl[i]));
  }
  if (a !== null && typeof a === "object") {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = Object.keys(ao);
    return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
  }
  return a === b;
}

function evaluate(node: Node, vars: Record<string, unknown>): unknown {
  switch (node.k) {
    case "lit":
      return node.v;
    case "var":
      if (!Object.hasOwn(vars, node.name)) throw new EvalError(`undeclared reference '${node.name}'`);
      return vars[node.name];
    case "member": {
      const obj = evaluate(node.obj, vars);
      if (Array.isArray(obj) && typeof node.key === "number") {
        if (!Number.isInteger(node.key) || node.key < 0 || node.key >= obj.length) throw new EvalError("index out of range");
        return obj[node.key];
      }
      const key = String(node.key);
      if (obj === null || typeof obj !== "object" || Array.isArray(obj) || !Object.hasOwn(obj, key)) {
        throw new EvalError(`no such key '${key}'`);
      }
      return (obj as Record<string, unknown>)[key];
    }
    case "not": {
      const v = evaluate(node.e, vars);
      if (typeof v !== "boolean") throw new EvalError("! needs a boolean");
      return !v;
    }
    case "neg": {
      const v = evaluate(node.e, vars);
      if (typeof v !== "number") throw new EvalError("- needs a number");
      return -v;
    }
    case "and":
    case "or": {
      // CEL's commutative error handling: the side that decides the result wins over an error on the other side.
      const decisive = node.k === "or";
      const side = (n: Node): { v?: boolean; err?: boolean } => {
        try {
          const v = evaluate(n, vars);
          return typeof v === "boolean" ? { v } : { err: true };
        } catch (error) {
          if (error instanceof EvalError) return { err: true };
          throw error;
        }
      };
      const l = side(node.l);
      if (l.v === decisive) return decisive;
      const r = side(node.r);
      if (r.v === decisive) return decisive;
      if (l.err || r.err) throw new EvalError(`operand of ${node.k === "or" ? "||" : "&&"} is not a boolean`);
      return !decisive;
    }
    case "cmp": {
      const l = evaluate(node.l, vars);
      const r = evaluate(node.r, vars);
      if (node.op === "==") return deepEqual(l, r);
      if (node.op === "!=") return !deepEqual(l, r);
      const t = typeOf(l);
      if (t !== typeOf(r) || !["number", "string", "boolean"].includes(t)) {
        throw new EvalError(`cannot order ${typeOf(l)} and ${typeOf(r)}`);
      }
      const a = l as number | string | boolean;
      const b = r as number | string | boolean;
      switch (node.op) {
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        default:
          return a >= b;
      }
    }
  }
}

export interface CompiledExpression {
  readonly source: string;
  /** True only if the expression evaluates to boolean true; errors and non-booleans are "no match". */
  matches(vars: Record<string, unknown>): boolean;
  /** The expression's value (for idempotency and concurrency keys); undefined if evaluation fails. */
  value(vars: Record<string, unknown>): unknown;
}

/**
 * Compile `source`, allowing only the variables in `roots` (`event` for triggers and keys; `event` and `async` for
 * cancelOn and waitForEvent). Throws ExpressionError for anything outside the supported subset.
 */
export function compileExpression(source: string, roots: readonly string[]): CompiledExpression {
  const ast = parse(source, roots);
  const value = (vars: Record<string, unknown>): unknown => {
    try {
      return evaluate(ast, vars);
    } catch (error) {
      if (error instanceof EvalError) return undefined;
      throw error;
    }
  };
  return { source, matches: (vars) => value(vars) === true, value };
}
