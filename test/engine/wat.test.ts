// The hand-written WebAssembly's assembler (src/engine/wat.ts) against wabt, the reference
// toolchain: the prefilter's source assembles to the same bytes with both, so the text in
// src/engine/prefilter-wasm.ts is exactly what runs.
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { assemble } from '../../src/engine/wat.js';
import { PREFILTER_WAT } from '../../src/engine/prefilter-wasm.js';

async function wabtAssemble(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('prefilter.wat', text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

describe('the WAT assembler', () => {
  it("assembles the prefilter's source to the bytes wabt makes of it", async () => {
    const ours = assemble(PREFILTER_WAT);
    expect(WebAssembly.validate(ours)).toBe(true);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(await wabtAssemble(PREFILTER_WAT)).toString('hex'));
  });

  it('agrees with wabt on branches to outer labels, negative constants and memory immediates', async () => {
    const text = `(module (memory (export "m") 1)
      (func (export "f") (param $x i32) (result i32) (local $y i32) (local $v v128)
        block $out
          loop $again
            local.get $x i32.const -129 i32.add local.tee $x
            i32.const 300000 i32.lt_u br_if $out
            local.get $x i32.load8_u offset=70000 local.set $y
            i32.const 16 v128.load offset=3 align=1 local.set $v
            br $again
          end
        end
        local.get $y)
    )`;
    expect(Buffer.from(assemble(text)).toString('hex')).toBe(Buffer.from(await wabtAssemble(text)).toString('hex'));
  });

  it('rejects what it does not know rather than assembling something else', () => {
    expect(() => assemble('(module (memory (export "m") 1) (func (export "f") (result i32) f64.const 1))')).toThrow(/unsupported instruction f64.const/);
    expect(() => assemble('(module (memory (export "m") 1) (func (export "f") (result i32) br $nowhere))')).toThrow(/unknown label/);
    expect(() => assemble('(module (memory (export "m") 1) (func (export "f") (result i32) i32.const 1 (i32.const 1)))')).toThrow(/folded/);
  });
});
