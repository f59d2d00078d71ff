// Splits a byte stream into records at a delimiter byte (newline for patches, NUL for -z
// output), carrying a partial record across chunk boundaries. A chunk may be reused by its
// reader once push() returns (src/sources/git/pipe-reader.ts): records are handed over during
// the call, and the partial record carried is a copy.

export class RecordSplitter {
  private carry: Buffer[] = [];

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: (record: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    for (;;) {
      const end = chunk.indexOf(this.delimiter, at);
      if (end < 0) break;
      let record = chunk.subarray(at, end);
      if (this.carry.length) {
        record = Buffer.concat([...this.carry, record]);
        this.carry = [];
      }
      this.onRecord(record);
      at = end + 1;
    }
    if (at < chunk.length) this.carry.push(Buffer.from(chunk.subarray(at)));
  }

  /** Hands over what is left after the last delimiter, if anything. */
  end(): void {
    if (this.carry.length) this.onRecord(Buffer.concat(this.carry));
    this.carry = [];
  }
}
