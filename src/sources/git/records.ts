// Splits a byte stream into records at a delimiter byte (newline for patches, NUL for -z
// output), carrying a partial record across chunk boundaries. A chunk may be reused by its
// reader once push() returns (src/sources/git/pipe-reader.ts): records are handed over during
// the call, and the partial record carried is a copy. A record is handed as a range of a buffer,
// not as a view of it: a view is an object to make (and collect) per record, 34,000 of them for
// the bench tree's listing.

export class RecordSplitter {
  private carry: Buffer[] = [];

  constructor(
    private readonly delimiter: number,
    /** the record is `buf[start, end)` */
    private readonly onRecord: (buf: Buffer, start: number, end: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    for (;;) {
      const end = chunk.indexOf(this.delimiter, at);
      if (end < 0) break;
      if (this.carry.length) {
        const record = Buffer.concat([...this.carry, chunk.subarray(at, end)]);
        this.carry = [];
        this.onRecord(record, 0, record.length);
      } else this.onRecord(chunk, at, end);
      at = end + 1;
    }
    if (at < chunk.length) this.carry.push(Buffer.from(chunk.subarray(at)));
  }

  /** Hands over what is left after the last delimiter, if anything. */
  end(): void {
    if (this.carry.length) {
      const record = Buffer.concat(this.carry);
      this.onRecord(record, 0, record.length);
    }
    this.carry = [];
  }
}
