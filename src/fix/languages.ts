// How each kind of file reads an environment variable, and how a credential's range inside
// one of its literals becomes that read: a whole literal becomes the lookup; part of one
// becomes an interpolation hole or a parenthesised concatenation, with the literal's own
// quotes and prefix on every remaining piece.
import { lex, LexError, spanAt, type Span, type StringSpan, type Syntax } from './lex.js';
import { fileNameOf } from '../detect/language.js';
import { isDocumentationPath, isTestPath } from '../detect/documentation.js';
import { environmentUseBefore } from '../detect/context.js';
import { maskCode, Where, type Bracket } from './where.js';

/** What replaces a credential's range: environment variables and the literal text between them. */
export type Piece = { text: string } | { env: string };

export interface RangeEdit {
  start: number;
  end: number;
  pieces: Piece[];
  /** the literal is written into the environment as `name`, or is the default of a lookup of `name`; the write or lookup starts at offset `at` */
  environment?: { name: string; use: 'write' | 'default'; at: number };
}

interface CodeLanguage {
  kind: 'code';
  name: string;
  syntax: Syntax;
  /** the lookup, using `quote` for its string argument where the language lets us choose */
  lookup(name: string, quote: string | null, text: string): string;
  concat: string;
  /** an interpolation hole around an expression, for literals that have them */
  hole?: (expr: string) => string;
  /** adds what the lookups need (import os …) */
  addImport?: (text: string) => string | { refused: string };
  /** what the replacement needs around it where the literal sits (JSX attribute braces) */
  wrap?: (text: string, span: StringSpan, replacement: string) => string;
  /** a reason when the literal sits where a lookup cannot (a constant, a default that must be one, a type) */
  refuseAt?: (where: Where) => string | null;
  /** the constant whose value the literal is (part of), which a lookup turns into a run-time value (Java's static final, Go's const) */
  constantName?: (where: Where) => string | null;
  /** where code (literals masked: maskCode) uses one of `names` as a constant, which a run-time value cannot be */
  constantUse?: (code: string, names: string[]) => string | null;
}

interface TextLanguage {
  kind: 'shell' | 'compose' | 'workflow';
  name: string;
}

export type FixLanguage = CodeLanguage | TextLanguage;

const pick = (quote: string | null, fallback: string) => (quote === '"' || quote === "'" ? quote : fallback);
const lineBefore = (text: string, at: number) => text.slice(text.lastIndexOf('\n', at - 1) + 1, at);

const JS: CodeLanguage = {
  kind: 'code',
  name: 'JavaScript/TypeScript',
  syntax: 'js',
  lookup: (n) => `process.env.${n}`,
  concat: ' + ',
  hole: (e) => `\${${e}}`,
  refuseAt: ({ text, span }) => {
    const before = lineBefore(text, span.start);
    // a JSX attribute (`<Widget token="…"`) needs braces; one whose tag opened on another line cannot be told from code with certainty
    if (/[\w:-]=$/.test(before) && !JSX_ATTRIBUTE.test(before))
      return 'a JSX attribute (or `name=` without spaces): write it as name={process.env.NAME} by hand';
    return null;
  },
  wrap: (text, span, replacement) => (JSX_ATTRIBUTE.test(lineBefore(text, span.start)) ? `{${replacement}}` : replacement),
};
/** TypeScript: JavaScript's lookups, but not where a literal is a type (`type Host = 'a' | 'b'`, `host: 'a'`) or an enum member. */
const TS: CodeLanguage = {
  ...JS,
  refuseAt: (where) => JS.refuseAt!(where) ?? typeScriptRefusal(where),
};

/**
 * Where a TypeScript literal must stay a literal: an enum member's value, a type (a type alias,
 * an interface, an annotation of a variable, parameter or class member, a return type, a type
 * argument, `as`/`satisfies`), and `'…' as const`.
 */
function typeScriptRefusal(where: Where): string | null {
  const brackets = where.brackets;
  if (brackets.some((b) => b.char === '{' && /\benum\s+[\w$]+\s*$/.test(b.head)))
    return 'a TypeScript enum member must be a literal: make it a const object, or read the environment where it is used';
  if (/^\s*as\s+const\b/.test(where.after)) return "`'…' as const` needs the literal: drop `as const` and read the environment, by hand";
  let parent: Bracket | null = null;
  for (const b of brackets) {
    if (typeAt(b.head, parent) || (b.char === '{' && /\binterface\b/.test(b.head)))
      return 'a TypeScript type cannot read the environment: widen the type (string), or keep the literal type and check the value at start-up';
    parent = b;
  }
  return typeAt(where.before, parent)
    ? 'a TypeScript type cannot read the environment: widen the type (string), or keep the literal type and check the value at start-up'
    : null;
}

/** Whether the code `before` (from its statement or bracket start) ends where a type is written, inside `parent`. */
function typeAt(before: string, parent: Bracket | null): boolean {
  // `type Name<…> =` (the last declaration that opens a line), `as` / `satisfies`, a type argument `<…`, a return type `): `
  const declarations = [
    ...before.matchAll(
      /(?:^|[\n;])[ \t]*(?:export[ \t]+)?(?:declare[ \t]+)?(type|const|let|var|function|class|interface|enum|import|return|if|for|while|switch|throw|await|new|do|else|try|case|default)\b/g,
    ),
  ];
  const last = declarations[declarations.length - 1];
  if (last?.[1] === 'type' && /^\s*(?:export\s+)?(?:declare\s+)?type\s+[\w$]+\s*(?:<[^=]*>)?\s*=/.test(before.slice(last.index))) return true;
  if (/\b(?:as|satisfies)\s+(?:[^=;,()]*[|&]\s*)?$/.test(before)) return true;
  if (/[\w$]\s*<\s*(?:[^<>;=()]*[,|&]\s*)?$/.test(before)) return true;
  if (/\)\s*:\s*(?:[^=;?]*[|&]\s*)?$/.test(before) && !before.includes('?')) return true;
  // an annotation: `let x: …`, a parameter `(x: …`, a class member `x: …` (an object literal's `key: value` is a value)
  if (/\b(?:const|let|var)\s+[\w$]+\s*!?\s*:[^=]*$/.test(before)) return true;
  if (parent?.char === '(' && /(?:^|,)\s*(?:(?:public|private|protected|readonly|override)\s+)*(?:\.\.\.)?[\w$]+\??\s*:[^=,]*$/.test(before)) return true;
  if (parent?.char === '{' && /\bclass\b/.test(parent.head))
    return /(?:^|[\n;])\s*(?:(?:public|private|protected|readonly|static|declare|override|abstract|accessor)\s+)*#?[\w$]+[?!]?\s*:[^=;]*$/.test(before);
  return false;
}

/** An opening JSX tag on this line, up to `attribute=`. */
const JSX_ATTRIBUTE = /<[A-Za-z][\w.:-]*(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|\{[^{}]*\}))?)*\s+[\w:-]+=$/;
const PYTHON: CodeLanguage = {
  kind: 'code',
  name: 'Python',
  syntax: 'python',
  concat: ' + ',
  lookup: (n, q) => `os.environ[${pick(q, '"')}${n}${pick(q, '"')}]`,
  hole: (e) => `{${e}}`,
  addImport: addPythonImport,
  refuseAt: pythonRefusal,
};

/**
 * Where a Python lookup would not do what the literal did: a `match` statement's case pattern
 * (`case = 1` is an assignment; a guard after `if` is code), and the default of a
 * pydantic-settings field, which reads its own variable (and .env) when the model is made, where
 * os.environ[…] would run, under another name, when the class is defined.
 */
function pythonRefusal(where: Where): string | null {
  const lineStart = where.text.lastIndexOf('\n', where.span.start - 1) + 1;
  const line = where.code(lineStart, where.span.start);
  if (/^[ \t]*match\b[^\n]*:[ \t]*(?:#[^\n]*)?$/m.test(where.text) && /^[ \t]*case[ \t]+(?![=.])(?:(?!\bif\b).)*$/.test(line))
    return "a match statement's case pattern must be a literal: match on a guard (case x if x == os.environ[…]) instead";
  const field = /^([ \t]+)(\w+)[ \t]*:[^=\n]*=[ \t]*(?:Field\([^)]*)?$/.exec(line);
  if (field && /\bBaseSettings\b/.test(where.text)) {
    // the class the field is in: the nearest line before it that is indented less
    const indent = field[1]!.replace(/\t/g, '        ').length;
    for (const l of where.text.slice(0, lineStart).split('\n').reverse()) {
      if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
      if (/^[ \t]*/.exec(l)![0].replace(/\t/g, '        ').length >= indent) continue;
      if (/^[ \t]*class\b[^:]*\bBaseSettings\b/.test(l))
        return `a pydantic-settings field reads ${field[2]!.toUpperCase()} (after any env_prefix) from the environment and .env itself: delete the default, and put the value in .env under that name`;
      break;
    }
  }
  return null;
}
const PHP: CodeLanguage = {
  kind: 'code',
  name: 'PHP',
  syntax: 'php',
  concat: ' . ',
  lookup: (n, q) => `getenv(${pick(q, "'")}${n}${pick(q, "'")})`,
  refuseAt: phpRefusal,
};
const RUBY: CodeLanguage = {
  kind: 'code',
  name: 'Ruby',
  syntax: 'ruby',
  concat: ' + ',
  lookup: (n, q) => `ENV.fetch(${pick(q, '"')}${n}${pick(q, '"')})`,
  hole: (e) => `#{${e}}`,
};
const GO: CodeLanguage = {
  kind: 'code',
  name: 'Go',
  syntax: 'go',
  concat: ' + ',
  lookup: (n) => `os.Getenv("${n}")`,
  addImport: addGoImport,
  refuseAt: ({ text, span }) =>
    goConstBlock(text, span.start) ? 'a Go constant cannot call os.Getenv: move it out of the const ( … ) block into a var' : null,
  constantName: (where) =>
    /^[ \t]*const[ \t]+(\w+)\b[^=\n]*=/.exec(where.code(where.text.lastIndexOf('\n', where.span.start - 1) + 1, where.span.start))?.[1] ?? null,
  constantUse: goConstantUse,
};
const CSHARP: CodeLanguage = {
  kind: 'code',
  name: 'C#',
  syntax: 'csharp',
  concat: ' + ',
  lookup: (n, _q, text) => `${/^\s*(?:global\s+)?using\s+System\s*;/m.test(text) ? '' : 'System.'}Environment.GetEnvironmentVariable("${n}")`,
  refuseAt: csharpRefusal,
};
const JAVA: CodeLanguage = {
  kind: 'code',
  name: 'Java',
  syntax: 'java',
  concat: ' + ',
  lookup: (n) => `System.getenv("${n}")`,
  refuseAt: (where) =>
    /@\w+\s*\([^)]*$/.test(lineBefore(where.text, where.span.start)) || where.brackets.some((b) => b.char === '(' && /@[\w.]+\s*$/.test(b.head))
      ? 'an annotation argument must be a constant: read the value where it is used'
      : casePattern(where, 'java'),
  // a field's initialiser (final, or any field of an interface): a constant while it is made of literals and constants
  constantName: (where) => {
    const inner = where.inner;
    if (inner !== null && !(inner.char === '{' && /\b(?:class|interface|enum|record)\b/.test(inner.head))) return null;
    const field =
      /\bfinal\b[^=]*?\b(\w+)\s*=[^=]*$/.exec(where.before) ?? (/\binterface\b/.test(inner?.head ?? '') ? /\b(\w+)\s*=[^=]*$/.exec(where.before) : null);
    return field?.[1] ?? null;
  },
  constantUse: javaConstantUse,
};
const KOTLIN: CodeLanguage = {
  ...JAVA,
  constantName: undefined,
  constantUse: undefined,
  name: 'Kotlin',
  syntax: 'kotlin',
  hole: (e) => `\${${e}}`,
  refuseAt: ({ text, span }) =>
    /\bconst\s+val\b|@\w+\s*\(/.test(lineBefore(text, span.start))
      ? 'a Kotlin const val or annotation argument cannot read the environment: drop const or read it where it is used'
      : null,
};

/**
 * Where PHP wants a constant expression, which cannot call getenv(): a constant, a property or
 * enum case default (the class body), a parameter default (promoted constructor parameters
 * too), a static variable's initial value, an attribute argument.
 */
function phpRefusal(where: Where): string | null {
  if (/\bconst\s+\w+\s*=\s*$/.test(lineBefore(where.text, where.span.start)) || /^\s*const\b/.test(where.before))
    return 'a PHP class constant cannot call getenv(): make it a property or read it where it is used';
  const brackets = where.brackets;
  let block = brackets.length - 1;
  while (block >= 0 && brackets[block]!.char !== '{') block--;
  for (const b of brackets.slice(block + 1)) {
    if (b.char === '(' && /\b(?:function\b\s*&?\s*\w*|fn\s*&?)\s*$/i.test(b.head))
      return 'a PHP parameter default must be a constant expression: default to null and read getenv() in the body';
    if (b.char === '[' && where.text[b.at - 1] === '#') return 'a PHP attribute argument must be a constant expression: read the value where it is used';
  }
  if (block >= 0 && /\b(?:class|trait|interface|enum)\b/i.test(brackets[block]!.head))
    return 'a PHP property default (or enum case) must be a constant expression: set it in the constructor from getenv()';
  if (/^\s*static\s+\$/i.test(where.before)) return 'a PHP static variable starts from a constant expression: assign it from getenv() on first use';
  return null;
}

/**
 * Where C# wants a constant, which a call is not: a const, a parameter default, an attribute
 * argument, a case label or pattern (`case "…":`, `"…" =>` in a switch expression, `is "…"`).
 */
function csharpRefusal(where: Where): string | null {
  if (/\bconst\b/.test(lineBefore(where.text, where.span.start)) || /\bconst\b/.test(where.before))
    return 'a C# const cannot read the environment: make it static readonly';
  if (where.brackets.some((b) => b.char === '[' && csharpAttribute(where, b)))
    return 'a C# attribute argument must be a constant: read the value where it is used';
  const pattern = casePattern(where, 'csharp');
  if (pattern) return pattern;
  // `(…, string token = "…")`: a method's, lambda's, record's or local function's parameter (a call names arguments with `:`)
  if (
    where.inner?.char === '(' &&
    /(?:^|,)\s*(?:\[[^\]]*\]\s*)*(?:(?:this|params|scoped|in)\s+)?[\w.]+(?:<[^()]*>)?\??(?:\[[,\s]*\])*\s+@?\w+\s*=\s*$/.test(where.before)
  )
    return 'a C# parameter default must be a constant: make it null and read the environment in the body (token ??= Environment.GetEnvironmentVariable(…))';
  return null;
}

/** A `[` that opens a C# attribute (`[Obsolete(…)]` before a member, `[FromQuery(…)]` before a parameter), not an indexer or a collection. */
function csharpAttribute(where: Where, bracket: Bracket): boolean {
  const before = where.code(0, bracket.at).replace(/\s+$/, '');
  const last = before[before.length - 1];
  if (last === undefined || '{};(,'.includes(last)) return true;
  // `[A] [B]`: another attribute before it, on its own
  return last === ']' && /\s$/.test(where.text.slice(0, bracket.at));
}

/**
 * A case label or pattern, which must be a constant: `case "…":` (C#, Java), `case "a", "…" ->`
 * (Java), `"…" =>` in a C# switch expression, `x is "…"`; a guard (`when …`) is code.
 */
function casePattern(where: Where, syntax: 'csharp' | 'java'): string | null {
  // the label this literal is in starts after the last `:` or `->` that ended one
  const label = where.before.split(/:(?!:)|->/).pop()!;
  const message = `a ${syntax === 'java' ? 'Java' : 'C#'} case label must be a constant: compare with the environment's value in an if (or a when guard) instead`;
  if (/^\s*case\b/.test(label) && !/\bwhen\b/.test(label)) return message;
  if (syntax === 'csharp') {
    if (/\bis\s+(?:not\s+)?(?:S\s+(?:or|and)\s+(?:not\s+)?)*$/.test(where.before)) return message;
    if (/^\s*(?:=>|when\b|or\b|and\b)/.test(where.after) && where.inner?.char === '{' && /\bswitch\s*$/.test(where.inner.head)) return message;
  }
  return null;
}

const wordOf = (names: string[]) => new RegExp(`\\b(?:${names.join('|')})\\b`);

/**
 * Where Java code uses one of `names` (or a final variable made from one) as a constant: an
 * annotation argument, a case label, an annotation element's default.
 */
function javaConstantUse(code: string, names: string[]): string | null {
  const made = new Set(names);
  // final variables, and (an interface's fields are final without the word) any String or primitive one: a constant if made of constants
  const finals = [...code.matchAll(/(?:\bfinal\b[^;=(){}]*?|\b(?:String|int|long|short|byte|char|boolean|double|float)\s+)\b(\w+)\s*=([^;]*);/g)].map(
    (m) => [m[1]!, m[2]!] as const,
  );
  for (let grew = true; grew;) {
    grew = false;
    const word = wordOf([...made]);
    for (const [name, init] of finals)
      if (!made.has(name) && word.test(init)) {
        made.add(name);
        grew = true;
      }
  }
  const word = wordOf([...made]);
  for (const m of code.matchAll(/@(?!interface\b)[\w.]+\s*\(((?:[^()]|\([^()]*\))*)\)/g))
    if (word.test(m[1]!)) return `an annotation argument (${m[0].replace(/\s+/g, ' ')})`;
  for (const m of code.matchAll(/\bcase\s+((?:(?!->)[^:;{}])+)(?::|->)/g)) if (word.test(m[1]!)) return `a case label (case ${m[1]!.trim()})`;
  for (const m of code.matchAll(/\bdefault\s+(?![:-])([^;{}]+);/g)) if (word.test(m[1]!)) return `an annotation element's default (default ${m[1]!.trim()})`;
  return null;
}

/** Where Go code uses one of `names` in a constant declaration, which cannot refer to a var. */
function goConstantUse(code: string, names: string[]): string | null {
  const word = wordOf(names);
  let block = false;
  for (const line of code.split('\n')) {
    if (/^[ \t]*const[ \t]*\([ \t]*$/.test(line)) {
      block = true;
      continue;
    }
    if (block && /^[ \t]*\)/.test(line)) block = false;
    const decl = block ? /^[ \t]*(\w+)/.exec(line) : /^[ \t]*const[ \t]+(\w+)/.exec(line);
    if (decl && word.test(line.slice(decl[0].length))) return `const ${decl[1]!}`;
  }
  return null;
}

/** Why a constant that would read the environment is left alone: where the code uses it as one. */
export function constantRefusal(names: string[], lang: FixLanguage, use: string, file?: string): string {
  const what = names.join(', ');
  return lang.kind === 'code' && lang.syntax === 'go'
    ? `the value is the constant ${what}, which ${file ?? 'this file'} uses in ${use}: a var there does not compile; make that a var too, or read the environment where it is used`
    : `the value is the constant ${what}, which ${file ?? 'this file'} uses in ${use}, where Java needs a constant: keep a constant there, or read the environment where it is used`;
}

/** `<lookup> <or> ` right before a literal, per language (group 1: the lookup, whose last word is the variable). */
const FALLBACK: Partial<Record<Syntax, RegExp>> = {
  js: /(process\.env\.\w+)\s*(?:\|\||\?\?)\s*$/,
  php: /(getenv\((['"])\w+\2\))\s*(?:\?:|\?\?)\s*$/,
  python: /(os\.(?:environ\[(['"])\w+\2\]|environ\.get\((['"])\w+\3\)|getenv\((['"])\w+\4\)))\s+or\s+$/,
  ruby: /(ENV\[(['"])\w+\2\])\s*(?:\|\||\bor\b)\s*$/,
  kotlin: /(System\.getenv\("\w+"\))\s*\?:\s*$/,
  csharp: /((?:System\.)?Environment\.GetEnvironmentVariable\("\w+"\))\s*\?\?\s*$/,
};

/** What may stand on a line before an environment write for the write to be a statement of its own: indentation and the receiver (`os.`, `Environment.`). */
const STATEMENT_START = /^[ \t]*(?:[\w$]+(?:\.|::|->))*$/;
/** What the code on a value's line, before the value at `start`, does with it in the environment (environmentUseBefore), with `at` an offset in `text`. */
export function environmentUseAt(text: string, lineStart: number, start: number): RangeEdit['environment'] {
  const from = Math.max(lineStart, start - 200);
  const use = environmentUseBefore(text.slice(from, start));
  return use ? { ...use, at: from + use.at } : undefined;
}

/** Test helpers that set a variable for one test: the value is the test's, not the program's. */
const TEST_ENVIRONMENT_SETTER = /\b(?:monkeypatch\.setenv|t\.Setenv|(?:stub|with)_?[eE]nv)\s*\(/;
/**
 * A lookup whose default is an optional last argument: `os.getenv("X", `, `os.environ.get("X", `,
 * `ENV.fetch("X", `, Laravel's `env('X', `. Narrower than the lookups detection knows: any
 * `fetch("X", …)` reads as one there, but dropping a default from a hash's fetch changes the program.
 */
const OPTIONAL_DEFAULT_ARGUMENT = /\b(?:getenv|environ\.get|ENV\.fetch|env)\s*\(\s*(["'])\w+\1\s*(,)\s*$/;
const LINE_COMMENT: Partial<Record<Syntax, string>> = { python: '#', ruby: '#', php: '(?:#|//)', js: '//', go: '//', csharp: '//', java: '//', kotlin: '//' };

/**
 * The replacement for a literal that only sets the variable it would be read from (a whole-line
 * `os.environ["X"] = "…"`), or the default argument of a lookup of that same variable: the
 * statement is deleted (the variable now comes from .env) and the default dropped (the
 * environment decides). Null when the literal is neither; throws Refused when it is a write
 * swlint cannot delete with certainty.
 */
function environmentEdit(
  text: string,
  spans: Span[],
  lang: CodeLanguage,
  span: StringSpan,
  edit: RangeEdit,
): { start: number; end: number; with: string } | null {
  const use = edit.environment;
  const piece = edit.pieces.length === 1 ? edit.pieces[0]! : null;
  if (!use || edit.start !== span.contentStart || edit.end !== span.contentEnd || !piece || !('env' in piece)) return null;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const before = text.slice(lineStart, span.start);
  if (use.use === 'default') {
    const m = OPTIONAL_DEFAULT_ARGUMENT.exec(before);
    if (!m || piece.env !== use.name || !['python', 'ruby', 'php'].includes(lang.syntax) || !/^\s*\)/.test(text.slice(span.end))) return null;
    return { start: lineStart + m.index + m[0].lastIndexOf(','), end: span.end, with: '' };
  }
  if (TEST_ENVIRONMENT_SETTER.test(before))
    throw new Refused(
      `a test sets ${use.name} to this value: give the test a placeholder of the same shape (PT and 48 x, or xxxxxxxx-xxxx-… for a project), and rotate a real token`,
    );
  if (piece.env !== use.name)
    throw new Refused(`the value is written into the environment as ${use.name}, which swlint fix would name ${piece.env}: move it into .env by hand`);
  // a statement of its own: nothing but its receiver before the write; a call form (`os.Setenv("X", `) closes after the literal
  const statement = use.at >= lineStart && STATEMENT_START.test(text.slice(lineStart, use.at));
  const call = text.slice(use.at, span.start).includes('(');
  const comment = LINE_COMMENT[lang.syntax];
  const after = new RegExp(`^${call ? '\\s*\\)' : ''}[ \\t]*;?[ \\t]*(?:${comment ?? '(?!)'}[^\\n]*)?(?:\\r?\\n|$)`).exec(text.slice(span.end));
  if (!statement || !after)
    throw new Refused(
      `the value is written into the environment as ${use.name} inside a longer statement: delete that write by hand (${use.name} now comes from .env)`,
    );
  const end = span.end + after[0].length;
  if (lang.syntax !== 'python' && !deletableStatement(text, spans, lineStart, end, lang.syntax))
    throw new Refused(
      `the write of ${use.name} is the only statement of an if, else or loop without braces (or is joined to the code around it): delete it by hand, with its condition if nothing else needs it (${use.name} now comes from .env)`,
    );
  const indent = /^[ \t]*/.exec(before)![0];
  return { start: lineStart, end, with: lang.syntax === 'python' && aloneInPythonBlock(text, lineStart, end, indent) ? `${indent}pass\n` : '' };
}

/** Heads whose statement may go without braces: `if (…) stmt;`, `while (…)`, `foreach (…)`, `using (…)` … */
const BRACELESS_HEAD = /\b(?:if|elseif|while|for|foreach|with|lock|using|fixed)\s*$/;

/**
 * Whether the statement on the lines [start, end) can be deleted without changing the code
 * around it: the code before it ends a complete statement (`;`, `{`, `}`; in JavaScript and
 * Ruby, where a line break ends one, also a value), not the head of a brace-less
 * `if`/`else`/loop, an arrow, a label or an operator that would take the next statement
 * instead; and in JavaScript the next line does not continue that value (`(`, `[`, a template).
 */
function deletableStatement(text: string, spans: Span[], start: number, end: number, syntax: Syntax): boolean {
  // the outermost literal or comment ending at each offset
  const ending = new Map<number, Span>();
  for (const s of spans) {
    const had = ending.get(s.end);
    if (!had || s.start < had.start) ending.set(s.end, s);
  }
  const spanEndingAt = (i: number) => ending.get(i);
  let i = start;
  // back over blanks and comments to the last code character
  for (;;) {
    while (i > 0 && /\s/.test(text[i - 1]!)) i--;
    const s = spanEndingAt(i);
    if (s?.kind === 'comment') i = s.start;
    else break;
  }
  if (i === 0 || (syntax === 'php' && /<\?(?:php|=)?$/.test(text.slice(Math.max(0, i - 5), i)))) return true;
  const c = text[i - 1]!;
  const word = /[\w$]+$/.exec(text.slice(Math.max(0, i - 40), i))?.[0];
  if (syntax === 'ruby') {
    // an empty body is valid Ruby: only a line that continues into this one matters (`a &&`, `x =`, `f(a,`, `\`)
    if (word) return !['and', 'or', 'not'].includes(word);
    return !/[\\,([+\-*/=<>?:.&%!~^]$/.test(c) || (c === '|' && text[i - 2] !== '|');
  }
  if (c === ';' || c === '{' || c === '}') return true;
  // where only a semicolon ends a statement, nothing else can come right before one
  if (syntax !== 'js') return c === ':' && caseLabel(text, i);
  let soft: boolean;
  if (c === ')') {
    // `if (…)`, `while (…)` … take the next statement; a complete call ends one
    let depth = 0;
    let open = -1;
    for (let j = i - 1; j >= 0 && open < 0; j--) {
      const s = spanEndingAt(j + 1);
      if (s) j = s.start;
      else if (text[j] === ')') depth++;
      else if (text[j] === '(' && --depth === 0) open = j;
    }
    soft = open >= 0 && !BRACELESS_HEAD.test(text.slice(Math.max(0, open - 40), open));
  } else if (word) soft = !['else', 'do'].includes(word);
  else if (c === ':') return caseLabel(text, i);
  else soft = c === ']' || spanEndingAt(i)?.kind === 'string';
  // with no semicolon before, a next line opening with ( [ ` + - / would continue the statement before
  return soft && !/^\s*[([`+\-/]/.test(text.slice(end));
}

/** The line up to `at` is a case label (`case 'a':`, `default:`), which ends like a statement. */
const caseLabel = (text: string, at: number) => /^[ \t]*(?:case\b[^\n]*|default[ \t]*):$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at));

/** Whether the line [start, end) is the only statement of its Python block (which cannot be empty). */
function aloneInPythonBlock(text: string, start: number, end: number, indent: string): boolean {
  const code = (line: string) => line.replace(/#.*$/, '').trimEnd();
  const earlier = text.slice(0, start).split('\n').map(code).filter(Boolean);
  const later = text
    .slice(end)
    .split('\n')
    .filter((l) => code(l) !== '');
  const opensBlock = (earlier[earlier.length - 1] ?? '').endsWith(':');
  const nextIndent = later.length ? /^[ \t]*/.exec(later[0]!)![0].length : -1;
  return opensBlock && nextIndent < indent.length;
}

/** The language swlint fix can rewrite `path` in, or why it cannot (the manual fix). */
export function fixLanguageOf(path: string): FixLanguage | { refused: string } {
  const base = fileNameOf(path).toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  if (/\.min\.[a-z]+$/.test(base) || /(^|\/)(dist|build|out)\//.test(path))
    return { refused: 'built or minified output: fix the source it is built from, and rebuild' };
  if (/^\.env\./.test(base) || /[.\-_](example|sample|template|dist)$/.test(base))
    return { refused: 'a committed template of environment variables: replace the value with a placeholder (the real one belongs in .env)' };
  if (ext === 'ipynb')
    return { refused: "a notebook (its outputs and JSON-escaped source): move the value into .env in the notebook's editor and clear all outputs" };
  if (/\.d\.[mc]?ts$/.test(base))
    return {
      refused: 'a TypeScript declaration file (types, no code that runs): use a placeholder or a wider type (string) there',
    };
  if (['js', 'mjs', 'cjs', 'jsx'].includes(ext)) return JS;
  if (['ts', 'mts', 'cts', 'tsx'].includes(ext)) return TS;
  if (ext === 'py' || ext === 'pyw') return PYTHON;
  if (ext === 'php') return PHP;
  if (ext === 'rb' || ext === 'rake' || base === 'gemfile' || base === 'rakefile') return RUBY;
  if (ext === 'go') return GO;
  if (ext === 'cs' || ext === 'csx') return CSHARP;
  if (ext === 'java') return JAVA;
  if (ext === 'kt' || ext === 'kts') return KOTLIN;
  if (['sh', 'bash', 'zsh', 'ksh'].includes(ext)) return { kind: 'shell', name: 'shell' };
  if ((ext === 'yml' || ext === 'yaml') && /(^|\/)\.github\/workflows\/[^/]+$/.test(path)) return { kind: 'workflow', name: 'GitHub workflow' };
  if ((ext === 'yml' || ext === 'yaml') && /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(base)) {
    // Compose reads .env from its project directory, the compose file's folder: not the top-level .env fix writes
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    if (dir)
      return {
        refused: `a compose file below the repository's top directory: Compose reads \${…} from the .env beside it (${dir}/.env), not the top-level .env swlint fix writes: put the value in ${dir}/.env (git-ignored) and write \${NAME} here by hand, or run compose with --env-file .env`,
      };
    return { kind: 'compose', name: 'docker compose' };
  }
  if (['md', 'mdx', 'markdown', 'rst', 'txt', 'adoc', 'asciidoc', 'html', 'htm'].includes(ext) || isDocumentationPath(path))
    return { refused: 'documentation: write a placeholder (your-space.signalwire.com, PTxxxx…, <project-id>) instead of the real value' };
  if (ext === 'yml' || ext === 'yaml')
    return {
      refused:
        'YAML whose reader swlint does not know (a Kubernetes Secret, Helm values, app config): move the value into your secret store (kubectl create secret … --from-env-file=.env, sealed or external secrets)',
    };
  // a test's data file (a recorded response, a JSON fixture): the test wants a value of the shape, not the environment
  if (isTestPath(path))
    return {
      refused:
        "a test's fixture: give the test a made-up value of the same shape (PT and 48 x for a token, a random UUID for a project ID, example.signalwire.com for a Space)",
    };
  return { refused: 'swlint fix does not rewrite this kind of file: move the value into .env or your secret store by hand and read it from the environment' };
}

export class Refused extends Error {}

/** The rewritten text, how many lookups it gained, and the constants it made run-time values (their uses in other files are the caller's to check: constantUseIn). */
export interface Rewritten {
  text: string;
  lookups: number;
  constants: string[];
}

/** Applies every edit to `text` (all or none: throws Refused with the manual fix). */
export function rewrite(text: string, lang: FixLanguage, edits: RangeEdit[]): Rewritten {
  if (lang.kind === 'code') return rewriteCode(text, lang, edits);
  if (lang.kind === 'shell') return { ...rewriteShell(text, edits), constants: [] };
  return { ...rewriteYaml(text, lang.kind, edits), constants: [] };
}

/** Where `text`, a file in `lang`, uses one of `names` as a constant (null also when it cannot tell: the file does not lex). */
export function constantUseIn(text: string, lang: FixLanguage, names: string[]): string | null {
  if (lang.kind !== 'code' || !lang.constantUse || names.length === 0) return null;
  try {
    return lang.constantUse(maskCode(text, lex(text, lang.syntax)), names);
  } catch (e) {
    if (e instanceof LexError) return null;
    throw e;
  }
}

function lexOrRefuse(text: string, syntax: Syntax): Span[] {
  try {
    return lex(text, syntax);
  } catch (e) {
    if (e instanceof LexError) throw new Refused(`swlint could not follow this file's syntax (${e.message}): move the value by hand`);
    throw e;
  }
}

/** The edits grouped by the literal that holds each; throws when one is not in a literal swlint can edit. */
function byLiteral(spans: Span[], edits: RangeEdit[], what: string): Map<StringSpan | null, RangeEdit[]> {
  const groups = new Map<StringSpan | null, RangeEdit[]>();
  for (const e of edits) {
    const span = spanAt(spans, e.start, e.end);
    if (span?.kind === 'comment') throw new Refused('the value is in a comment: delete it from the comment');
    if (span && (span.flavour === 'opaque' || e.start < span.contentStart || e.end > span.contentEnd))
      throw new Refused(
        `the value is in a ${span.quote === '<<' ? 'heredoc' : span.quote === '/' ? 'regular expression' : 'literal'} swlint does not rewrite: move it by hand`,
      );
    if (span && span.holes.some(([hs, he]) => e.start < he && e.end > hs)) throw new Refused('the value is inside an interpolation: move it by hand');
    if (!span && what === 'code') throw new Refused('the value is not a string literal: move it by hand');
    const list = groups.get(span ?? null) ?? [];
    list.push(e);
    groups.set(span ?? null, list);
  }
  return groups;
}

function splice(text: string, replacements: { start: number; end: number; with: string }[]): string {
  let out = '';
  let at = 0;
  for (const r of replacements.sort((a, b) => a.start - b.start)) {
    if (r.start < at) throw new Refused('two credentials overlap: move them by hand');
    out += text.slice(at, r.start) + r.with;
    at = r.end;
  }
  return out + text.slice(at);
}

function rewriteCode(text: string, lang: CodeLanguage, edits: RangeEdit[]): Rewritten {
  const spans = lexOrRefuse(text, lang.syntax);
  const replacements: { start: number; end: number; with: string }[] = [];
  // Python and Ruby join adjacent literals (`"a" "b"`): a member that stops being a literal joins the others with +
  const runs = adjacentRuns(text, spans, lang.syntax);
  const runOf = new Map<StringSpan, StringSpan[]>(runs.flatMap((run) => run.map((s): [StringSpan, StringSpan[]] => [s, run])));
  /** each edited member of a run: its replacement's terms, and whether it is still a literal */
  const joined = new Map<StringSpan, { terms: string[]; literal: boolean }>();
  let lookups = 0;
  const constants = new Set<string>();
  for (const [span, group] of byLiteral(spans, edits, 'code')) {
    if (!span) continue;
    const where = new Where(text, span, spans);
    const refusal = lang.refuseAt?.(where);
    if (refusal) throw new Refused(refusal);
    const constant = lang.constantName?.(where);
    if (constant) constants.add(constant);
    group.sort((a, b) => a.start - b.start);
    const environment = group.length === 1 ? environmentEdit(text, spans, lang, span, group[0]!) : null;
    if (environment) {
      replacements.push(environment);
      continue;
    }
    const quote = span.quote.length === 1 ? span.quote : span.quote[0]!;
    const parts: ({ lit: string } | { expr: string; env: string })[] = [];
    let at = span.contentStart;
    const lit = (s: string) => {
      const last = parts[parts.length - 1];
      if (last && 'lit' in last) last.lit += s;
      else parts.push({ lit: s });
    };
    for (const e of group) {
      lit(text.slice(at, e.start));
      for (const p of e.pieces) {
        if ('text' in p) lit(p.text);
        else {
          lookups++;
          const holeQuote = span.flavour === 'interpolated' && lang.hole && lang.syntax === 'python' ? (quote === '"' ? "'" : '"') : quote;
          parts.push({ expr: lang.lookup(p.env, holeQuote, text), env: p.env });
        }
      }
      at = e.end;
    }
    lit(text.slice(at, span.contentEnd));
    const kept = parts.filter((p) => !('lit' in p) || p.lit !== '');
    /** the replacement's terms: one expression, one literal (`literal`), or the pieces of a concatenation */
    let terms: string[];
    let literal = false;
    if (kept.length === 1 && 'expr' in kept[0]!) terms = [kept[0].expr];
    else if (span.flavour === 'interpolated' && lang.hole) {
      terms = [span.prefix + span.quote + parts.map((p) => ('lit' in p ? p.lit : lang.hole!(p.expr))).join('') + span.quote];
      literal = true;
    } else {
      if (span.quote.length >= 3 && text.slice(span.contentStart, span.contentEnd).includes('\n') && lang.syntax !== 'python' && lang.syntax !== 'go')
        throw new Refused('the value is inside a multi-line text block: move it by hand');
      terms = kept.map((p) => ('lit' in p ? span.prefix + span.quote + p.lit + span.quote : p.expr));
    }
    if (runOf.has(span)) {
      joined.set(span, { terms, literal });
      continue;
    }
    const replacement = terms.length === 1 ? terms[0]! : `(${terms.join(lang.concat)})`;
    // `lookup || 'literal'` (a fallback to the value itself) would become `lookup || lookup` (of the same variable): drop the fallback
    const fallback = FALLBACK[lang.syntax]?.exec(text.slice(Math.max(0, span.start - 200), span.start));
    const fallbackLookup = fallback?.[1];
    const sole = kept.length === 1 && 'env' in kept[0]! ? kept[0].env : null;
    if (fallback && fallbackLookup && sole !== null && /(\w+)\W*$/.exec(fallbackLookup)?.[1] === sole) {
      replacements.push({ start: span.start - fallback[0].length + fallbackLookup.length, end: span.end, with: '' });
      continue;
    }
    replacements.push({ start: span.start, end: span.end, with: lang.wrap ? lang.wrap(text, span, replacement) : replacement });
  }
  for (const run of runs) {
    const edited = run.filter((s) => joined.has(s));
    if (edited.every((s) => joined.get(s)!.literal)) {
      for (const s of edited) replacements.push({ start: s.start, end: s.end, with: joined.get(s)!.terms[0]! });
      continue;
    }
    if (run.some((s) => s.flavour === 'opaque'))
      throw new Refused('the value is in a literal joined to an adjacent one swlint does not rewrite: join them with + by hand, then run swlint fix again');
    // `"a" "PT…"` → `("a" + lookup)`: the join of every member, in parentheses unless the run already fills a pair
    let body = '';
    run.forEach((s, i) => {
      if (i > 0) {
        const gap = text.slice(run[i - 1]!.end, s.start);
        body += ` +${gap === '' ? ' ' : gap}`;
      }
      body += (joined.get(s)?.terms ?? [text.slice(s.start, s.end)]).join(lang.concat);
    });
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const enclosed = /\(\s*$/.test(text.slice(0, first.start)) && /^\s*\)/.test(text.slice(last.end));
    replacements.push({ start: first.start, end: last.end, with: enclosed ? body : `(${body})` });
  }
  let out = splice(text, replacements);
  if (lang.syntax === 'go') out = dropUnusedGoOs(goConstToVar(out, replacements));
  if (lookups && lang.addImport) {
    const added = lang.addImport(out);
    if (typeof added !== 'string') throw new Refused(added.refused);
    out = added;
  }
  const use = constantUseIn(out, lang, [...constants]);
  if (use) throw new Refused(constantRefusal([...constants], lang, use));
  return { text: out, lookups, constants: [...constants] };
}

/**
 * Runs of two or more string literals that Python and Ruby join into one by adjacency
 * (`"https://" "host"`): only blanks or a backslash-continued line between them, or, inside
 * Python brackets, also comments and line breaks.
 */
function adjacentRuns(text: string, spans: Span[], syntax: Syntax): StringSpan[][] {
  if (syntax !== 'python' && syntax !== 'ruby') return [];
  const top: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) if (!top.length || s.start >= top[top.length - 1]!.end) top.push(s);
  const runs: StringSpan[][] = [];
  let run: StringSpan[] = [];
  let depth = 0;
  let at = 0;
  for (const s of top) {
    for (const c of text.slice(at, s.start)) depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    at = s.end;
    if (s.kind === 'comment') continue;
    // regular expressions and heredoc bodies are not joined
    const member = s.quote !== '/' && s.quote !== '<<';
    const previous = run[run.length - 1];
    const gap = previous ? text.slice(previous.end, s.start) : null;
    const adjacent = member && gap !== null && (syntax === 'python' && depth > 0 ? /^(?:\s|#[^\n]*)*$/ : /^(?:[ \t\f]|\\\r?\n)*$/).test(gap);
    if (adjacent) run.push(s);
    else {
      if (run.length > 1) runs.push(run);
      run = member ? [s] : [];
    }
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

const shellRef = (p: Piece) => ('text' in p ? p.text : `\${${p.env}}`);

/**
 * A line that only sets the variable its value would be read from (`export SIGNALWIRE_SPACE="…"`,
 * `SIGNALWIRE_SPACE=…  # dev`): deleted, or `:` where the line was a body of its own (after
 * `then`, `do`, `else`, `{`, `&&` …) that shell does not allow empty. Null when it is not one,
 * or is an argument of the command continued on the line before.
 */
function shellSelfWrite(text: string, e: RangeEdit): { start: number; end: number; with: string } | null {
  const piece = e.pieces.length === 1 ? e.pieces[0]! : null;
  if (!piece || !('env' in piece)) return null;
  const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
  const nl = text.indexOf('\n', e.end);
  const lineEnd = nl < 0 ? text.length : nl;
  const head = new RegExp(`^([ \\t]*)(?:export[ \\t]+)?${piece.env}=(["']?)$`).exec(text.slice(lineStart, e.start));
  if (!head || !new RegExp(`^${head[2]}[ \\t]*;?[ \\t]*(?:#[^\\n]*)?\\r?$`).test(text.slice(e.end, lineEnd))) return null;
  const code = (line: string) => line.replace(/(^|\s)#.*$/, '').trim();
  const previous = text.slice(0, lineStart).split('\n').map(code).filter(Boolean).pop() ?? '';
  if (previous.endsWith('\\')) return null;
  const next =
    text
      .slice(lineEnd + 1)
      .split('\n')
      .map(code)
      .find(Boolean) ?? '';
  const opens = /(?:^|[\s;])(?:then|do|else)$|[{(]$|&&$|\|\|?$/.test(previous);
  const closes = /^(?:fi|done|else|elif|esac)\b|^[})]|^;;/.test(next);
  const empty = opens && (closes || /\|$|&&$/.test(previous));
  const eol = text.slice(lineEnd - 1, lineEnd) === '\r' ? '\r\n' : '\n';
  return { start: lineStart, end: nl < 0 ? lineEnd : nl + 1, with: empty ? `${head[1]}:${nl < 0 ? '' : eol}` : '' };
}

function rewriteShell(text: string, edits: RangeEdit[]): { text: string; lookups: number } {
  const spans = lexOrRefuse(text, 'shell');
  const replacements: { start: number; end: number; with: string }[] = [];
  // `export X="…"` whose value becomes ${X}: the line goes, as other languages' writes of their own variable do
  const selfWrites = new Set<RangeEdit>();
  for (const e of edits) {
    // the value is the whole of a quoted literal, or is in none (a heredoc's line is text, not an assignment)
    const span = spanAt(spans, e.start, e.end);
    if (span && (span.kind !== 'string' || span.flavour === 'opaque' || span.contentStart !== e.start || span.contentEnd !== e.end)) continue;
    const write = shellSelfWrite(text, e);
    if (write) {
      selfWrites.add(e);
      replacements.push(write);
    }
  }
  for (const [span, group] of byLiteral(
    spans,
    edits.filter((e) => !selfWrites.has(e)),
    'shell',
  )) {
    if (span?.quote === "'") {
      // single quotes expand nothing: close them around a double-quoted expansion
      group.sort((a, b) => a.start - b.start);
      let body = '';
      let at = span.contentStart;
      const quoted = (s: string) => (s ? `'${s}'` : '');
      for (const e of group) {
        body += quoted(text.slice(at, e.start)) + `"${e.pieces.map(shellRef).join('')}"`;
        at = e.end;
      }
      body += quoted(text.slice(at, span.contentEnd));
      replacements.push({ start: span.start, end: span.end, with: body });
      continue;
    }
    for (const e of group) replacements.push({ start: e.start, end: e.end, with: e.pieces.map(shellRef).join('') });
  }
  return { text: splice(text, replacements), lookups: edits.length };
}

function rewriteYaml(text: string, kind: 'compose' | 'workflow', edits: RangeEdit[]): { text: string; lookups: number } {
  const replacements: { start: number; end: number; with: string }[] = [];
  for (const e of edits) {
    const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
    const before = text.slice(lineStart, e.start);
    if (text.slice(e.start, e.end).includes('\n')) throw new Refused('the value spans lines: move it by hand');
    // the line up to the value, outside quotes: a comment, or a flow collection whose plain scalars cannot hold ${…}
    let quote: string | null = null;
    let flow = false;
    for (let i = 0; i < before.length; i++) {
      const c = before[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '#' && (i === 0 || /\s/.test(before[i - 1]!)) && !inBlockScalar(text, lineStart)) {
        throw new Refused('the value is in a comment: delete it from the comment');
      } else if ((c === '"' || c === "'") && (i === 0 || /[\s:\-[{,]/.test(before[i - 1]!))) quote = c;
      else if (c === '[' || c === '{') flow = true;
    }
    if (flow && !quote) throw new Refused('the value is a plain scalar inside a YAML flow collection: quote it, then run swlint fix again');
    const ref = (p: Piece) => ('text' in p ? p.text : kind === 'workflow' ? `\${{ secrets.${p.env} }}` : `\${${p.env}}`);
    replacements.push({ start: e.start, end: e.end, with: e.pieces.map(ref).join('') });
  }
  return { text: splice(text, replacements), lookups: edits.length };
}

/** Inside a `key: |` or `key: >` block (where # is content, not a comment). */
function inBlockScalar(text: string, lineStart: number): boolean {
  const indent = (l: string) => l.length - l.trimStart().length;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const current = text.slice(lineStart, text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart));
  let want = indent(current);
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.replace(/\r$/, '');
    if (l.trim() === '') continue;
    if (indent(l) < want) {
      if (/(?::|^\s*-)\s*[|>][-+0-9]*\s*(#.*)?$/.test(l)) return true;
      want = indent(l);
      if (want === 0) return false;
    }
  }
  return false;
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : !text.includes('\n') && text.includes('\r') ? '\r' : '\n');

/** A top-level `import os` (not `import os as other`), alone or in a list. */
const IMPORTS_OS = /^import[ \t]+(?:[^\n#;]*,[ \t]*)?os(?![.\w])(?![ \t]+as\b)/m;
/** Code that binds the name os to something else: `os = …`, `import x as os`, `from x import os`, `def os(`, `for os in`, `with … as os`. */
const REBINDS_OS =
  /^[ \t]*(?:os[ \t]*(?::[^=\n]*)?=(?!=)|(?:async[ \t]+)?(?:def|class)[ \t]+os\b|(?:from[ \t]+\S+[ \t]+)?import[ \t][^\n#]*\bas[ \t]+os\b|from[ \t]+\S+[ \t]+import[ \t]+\(?[^\n#]*\bos\b(?![ \t]+as\b))|^[ \t]*(?:(?:async[ \t]+)?for[ \t]+(?:[\w \t]*,[ \t]*)?os[ \t]*(?:,|in\b)|(?:async[ \t]+)?with\b[^\n#]*\bas[ \t]+os\b)/m;

/** `import os` before the first top-level import (after __future__ ones), else after the docstring and __future__ imports. */
function addPythonImport(text: string): string | { refused: string } {
  if (REBINDS_OS.test(text)) return { refused: 'the file binds the name os to something else: read the value with os.environ by hand' };
  if (IMPORTS_OS.test(text)) return text;
  const eol = eolOf(text);
  let spans: Span[];
  try {
    spans = lex(text, 'python');
  } catch {
    return { refused: 'could not place `import os`: add it and move the value by hand' };
  }
  const inString = (at: number) => spans.some((s) => s.kind === 'string' && s.start < at && at < s.end);
  let firstCode = -1;
  // `from __future__ import …` must come first: nothing is added before the end of the last one
  let futureEnd = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let nl = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, nl < 0 ? text.length : nl);
    if (!inString(lineStart)) {
      if (/^from\s+__future__\s/.test(line)) {
        // to the end of the statement: a parenthesised list or backslash-continued lines
        let statement = line;
        while (nl >= 0 && ((statement.includes('(') && !statement.includes(')')) || /\\\r?$/.test(statement))) {
          const next = text.indexOf('\n', nl + 1);
          statement = text.slice(lineStart, next < 0 ? text.length : next);
          nl = next;
        }
        futureEnd = nl < 0 ? text.length : nl + 1;
      } else if (/^(import|from)\s/.test(line)) {
        // in order among the plain `import x` lines that open the block
        let at = lineStart;
        for (let m = /^import[ \t]+([\w.]+)[^\n]*\n/.exec(text.slice(at)); m && m[1]! < 'os'; m = /^import[ \t]+([\w.]+)[^\n]*\n/.exec(text.slice(at)))
          at += m[0].length;
        return text.slice(0, at) + `import os${eol}` + text.slice(at);
      } else if (firstCode < 0 && line.trim() !== '' && !line.startsWith('#')) firstCode = lineStart;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  // no import at all: after a module docstring, if it opens the file, else before the first code line
  let at = firstCode < 0 ? text.length : firstCode;
  const doc = spans.find((s) => s.kind === 'string' && s.start === at);
  if (doc) {
    const nl = text.indexOf('\n', doc.end);
    at = nl < 0 ? text.length : nl + 1;
  }
  at = Math.max(at, futureEnd);
  // the comments right above the first code line are its own (`# API credentials`): the import
  // goes above them, as its own paragraph, when a blank line sets them apart from the file's header
  if (!doc && at > futureEnd) {
    const attached = commentsAbove(text, at, futureEnd);
    const lineAbove = text.slice(text.lastIndexOf('\n', attached - 2) + 1, attached);
    if (attached < at && attached > futureEnd && /^[ \t]*\r?\n$/.test(lineAbove))
      return text.slice(0, attached) + `import os${eol}${eol}` + text.slice(attached);
  }
  const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return text.slice(0, at) + `${lead}import os${eol}` + text.slice(at);
}

/** Where the run of `#` comment lines that ends at line start `at` begins (`at` when there is none), not before `floor`. */
function commentsAbove(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor) {
    const prev = text.lastIndexOf('\n', start - 2) + 1;
    if (prev < floor || !/^[ \t]*#/.test(text.slice(prev, start))) break;
    start = prev;
  }
  return start;
}

/** `"os"` in the imports, added in order to the first import block (or as its own import). */
function addGoImport(text: string): string | { refused: string } {
  if (/^\s*(?:import\s+)?"os"\s*$/m.test(text)) return text;
  if (/^\s*(?:import\s+)?[\w.]+\s+"os"\s*$/m.test(text)) return { refused: 'the file imports "os" under another name: move the value by hand' };
  const eol = eolOf(text);
  const block = /^import\s*\(\s*$/m.exec(text);
  if (block) {
    let at = text.indexOf('\n', block.index) + 1;
    // the first group, in order: before the first path that sorts after "os"
    for (;;) {
      const nl = text.indexOf('\n', at);
      const line = text.slice(at, nl < 0 ? text.length : nl).trim();
      const path = /"([^"]+)"/.exec(line)?.[1];
      if (line === '' || line.startsWith(')') || (path !== undefined && path > 'os') || nl < 0) break;
      at = nl + 1;
    }
    return text.slice(0, at) + `\t"os"${eol}` + text.slice(at);
  }
  const single = /^import\s+"[^"]+"[^\n]*\n/m.exec(text);
  if (single) return text.slice(0, single.index + single[0].length) + `import "os"${eol}` + text.slice(single.index + single[0].length);
  const pkg = /^package\s+\w+[^\n]*(\n|$)/m.exec(text);
  if (!pkg) return { refused: 'no package clause: add import "os" and move the value by hand' };
  const end = pkg.index + pkg[0].length;
  return text.slice(0, end) + `${pkg[1] ? '' : eol}${eol}import "os"${eol}` + text.slice(end);
}

/** Inside a `const ( … )` block. */
function goConstBlock(text: string, at: number): boolean {
  const open = text.lastIndexOf('\nconst (', at);
  if (open < 0 && !text.startsWith('const (')) return false;
  const close = text.indexOf('\n)', Math.max(open, 0));
  return close < 0 || close > at;
}

/** A single-line `const name = "…"` whose literal became a lookup: a var now. */
/** A deleted `os.Setenv` may have been the file's last use of package os, which Go refuses to compile with. */
function dropUnusedGoOs(text: string): string {
  if (/\bos\./.test(text)) return text;
  return text.replace(/^import[ \t]+"os"[ \t]*\r?\n/m, '').replace(GO_IMPORT_BLOCK, (block) => block.replace(/^[ \t]*"os"[ \t]*\r?\n/m, ''));
}
const GO_IMPORT_BLOCK = /^import[ \t]*\([^)]*\)/m;

function goConstToVar(text: string, replaced: { start: number }[]): string {
  if (replaced.length === 0) return text;
  return text.replace(/^(\s*)const(\s+\w+(?:\s+[\w.]+)?\s*=\s*[^\n]*os\.Getenv\()/gm, '$1var$2');
}
