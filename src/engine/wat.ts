// A tiny assembler for the WebAssembly text format, for the one module swlint writes by hand
// (the byte prefilter, src/engine/prefilter-wasm.ts): the source stays readable text with its
// offsets interpolated from TypeScript constants, and no toolchain runs at build or install
// time. It accepts a strict subset of WAT — one memory, one function, flat (unfolded)
// instructions, i32 and v128 — and rejects anything else with an error naming the token.
// test/engine/wat.test.ts holds its output byte for byte equal to wabt's for the same text.

type Sexp = string | Sexp[];

/** opcodes of the instructions without immediates */
const PLAIN: Record<string, number[]> = {
  'i32.eqz': [0x45],
  'i32.eq': [0x46],
  'i32.ne': [0x47],
  'i32.lt_u': [0x49],
  'i32.gt_u': [0x4b],
  'i32.le_u': [0x4d],
  'i32.ge_u': [0x4f],
  'i32.clz': [0x67],
  'i32.ctz': [0x68],
  'i32.add': [0x6a],
  'i32.sub': [0x6b],
  'i32.mul': [0x6c],
  'i32.and': [0x71],
  'i32.or': [0x72],
  'i32.xor': [0x73],
  'i32.shl': [0x74],
  'i32.shr_u': [0x76],
  drop: [0x1a],
  return: [0x0f],
  else: [0x05],
  end: [0x0b],
  // SIMD: the 0xfd prefix, then the opcode as an unsigned LEB128
  'i8x16.swizzle': [0xfd, 0x0e],
  'i8x16.splat': [0xfd, 0x0f],
  'i8x16.eq': [0xfd, 0x23],
  'i8x16.ne': [0xfd, 0x24],
  'i8x16.lt_u': [0xfd, 0x26],
  'v128.not': [0xfd, 0x4d],
  'v128.and': [0xfd, 0x4e],
  'v128.or': [0xfd, 0x50],
  'v128.any_true': [0xfd, 0x53],
  'i8x16.bitmask': [0xfd, 0x64],
  'i8x16.shr_u': [0xfd, 0x6d],
  'i8x16.sub': [0xfd, 0x71],
};

/** memory instructions: opcode and natural alignment (log2 bytes) */
const MEMORY: Record<string, [number[], number]> = {
  'i32.load': [[0x28], 2],
  'i32.load8_u': [[0x2d], 0],
  'i32.store': [[0x36], 2],
  'v128.load': [[0xfd, 0x00], 4],
  'v128.store': [[0xfd, 0x0b], 4],
};

const VALUE_TYPES: Record<string, number> = { i32: 0x7f, v128: 0x7b };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function parse(text: string): Sexp[] {
  const tokens = text.replace(/;;[^\n]*/g, ' ').match(/\(|\)|"[^"]*"|[^\s()]+/g) ?? [];
  const stack: Sexp[][] = [[]];
  for (const t of tokens) {
    if (t === '(') stack.push([]);
    else if (t === ')') {
      const done = stack.pop()!;
      if (stack.length === 0) throw new Error('wat: unbalanced )');
      stack[stack.length - 1]!.push(done);
    } else stack[stack.length - 1]!.push(t);
  }
  if (stack.length !== 1) throw new Error('wat: unbalanced (');
  return stack[0]!;
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const unquote = (s: Sexp) => {
  if (typeof s !== 'string' || !/^"[^"]*"$/.test(s)) throw new Error(`wat: expected a string, got ${String(s)}`);
  return s.slice(1, -1);
};
const integer = (s: string | undefined) => {
  if (s === undefined || !/^-?(0x[0-9a-f]+|[0-9]+)$/i.test(s)) throw new Error(`wat: expected an integer, got ${s}`);
  return s.startsWith('-') ? -Number(s.slice(1)) : Number(s);
};

/**
 * The binary module of `(module (memory (export "…") N) (func (export "…") (param …) (result i32)
 * (local …) instr…))`: one memory of N pages, one function of i32 parameters.
 */
export function assemble(text: string): Uint8Array<ArrayBuffer> {
  const top = parse(text);
  const module = top[0];
  if (top.length !== 1 || !Array.isArray(module) || module[0] !== 'module') throw new Error('wat: expected one (module …)');
  let memory: { pages: number; exportName: string } | null = null;
  let func: Sexp[] | null = null;
  for (const field of module.slice(1)) {
    if (!Array.isArray(field)) throw new Error(`wat: unexpected ${field}`);
    if (field[0] === 'memory') {
      const ex = field[1];
      if (!Array.isArray(ex) || ex[0] !== 'export') throw new Error('wat: the memory must be exported');
      memory = { exportName: unquote(ex[1]!), pages: integer(field[2] as string) };
    } else if (field[0] === 'func') func = field;
    else throw new Error(`wat: unsupported field ${String(field[0])}`);
  }
  if (!memory || !func) throw new Error('wat: expected one memory and one func');

  const ex = func[1];
  if (!Array.isArray(ex) || ex[0] !== 'export') throw new Error('wat: the function must be exported');
  const funcExport = unquote(ex[1]!);
  const locals = new Map<string, number>();
  const params: number[] = [];
  const results: number[] = [];
  const localTypes: number[] = [];
  let k = 2;
  for (; k < func.length; k++) {
    const decl = func[k];
    if (!Array.isArray(decl)) break;
    const [kind, id, type] = decl as string[];
    if (kind === 'result') results.push(VALUE_TYPES[id!]!);
    else if (kind === 'param' || kind === 'local') {
      if (!id?.startsWith('$') || VALUE_TYPES[type!] === undefined) throw new Error(`wat: bad ${kind} ${id}`);
      locals.set(id, locals.size);
      (kind === 'param' ? params : localTypes).push(VALUE_TYPES[type!]!);
    } else throw new Error(`wat: unsupported declaration ${kind}`);
  }
  const body = func.slice(k).map((t) => {
    if (typeof t !== 'string') throw new Error('wat: folded instructions are not supported');
    return t;
  });

  const code: number[] = [];
  const labels: (string | null)[] = [];
  for (let i = 0; i < body.length;) {
    const op = body[i++]!;
    const immediate = () => {
      const v = body[i++];
      if (v === undefined) throw new Error(`wat: ${op} needs an operand`);
      return v;
    };
    if (PLAIN[op]) {
      code.push(...PLAIN[op]);
      if (op === 'end') {
        if (labels.length === 0) throw new Error('wat: end without block');
        labels.pop();
      }
    } else if (op === 'block' || op === 'loop' || op === 'if') {
      const label = body[i]?.startsWith('$') ? body[i++]! : null;
      labels.push(label);
      code.push(op === 'block' ? 0x02 : op === 'loop' ? 0x03 : 0x04, 0x40);
    } else if (op === 'br' || op === 'br_if') {
      const label = immediate();
      const depth = labels.length - 1 - labels.lastIndexOf(label);
      if (depth >= labels.length) throw new Error(`wat: unknown label ${label}`);
      code.push(op === 'br' ? 0x0c : 0x0d, ...uleb(depth));
    } else if (op === 'local.get' || op === 'local.set' || op === 'local.tee') {
      const id = immediate();
      const index = locals.get(id);
      if (index === undefined) throw new Error(`wat: unknown local ${id}`);
      code.push(op === 'local.get' ? 0x20 : op === 'local.set' ? 0x21 : 0x22, ...uleb(index));
    } else if (op === 'i32.const') {
      code.push(0x41, ...sleb(integer(immediate()) | 0));
    } else if (MEMORY[op]) {
      const [opcode, natural] = MEMORY[op];
      let offset = 0;
      let align = natural;
      for (let m = /^(offset|align)=(\w+)$/.exec(body[i] ?? ''); m; m = /^(offset|align)=(\w+)$/.exec(body[i] ?? '')) {
        i++;
        if (m[1] === 'offset') offset = integer(m[2]);
        else align = Math.log2(integer(m[2]));
      }
      code.push(...opcode, ...uleb(align), ...uleb(offset));
    } else throw new Error(`wat: unsupported instruction ${op}`);
  }
  if (labels.length !== 0) throw new Error('wat: unclosed block');

  // locals: runs of one type, as (count, type)
  const groups: number[][] = [];
  for (const t of localTypes) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]!++;
    else groups.push([1, t]);
  }
  const fn = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n!), t!]), ...code, 0x0b];
  // the exports in the order their fields appear: the memory first
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results]),
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, ...uleb(memory.pages)]),
    ...section(7, [0x02, ...name(memory.exportName), 0x02, 0x00, ...name(funcExport), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(fn.length), ...fn]),
  ]);
}
