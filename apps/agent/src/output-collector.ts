import { AGENT_OUTPUT_HEAD_BYTES, AGENT_OUTPUT_LIMIT_BYTES } from '@entitle/domain';

/**
 * Collects a script's output as it streams, holding at most AGENT_OUTPUT_LIMIT_BYTES whatever the script prints:
 * the first AGENT_OUTPUT_HEAD_BYTES, then a rolling window of the last LIMIT - HEAD bytes. `finish()` gives the text
 * `truncateOutput` from `@entitle/domain` would give for the whole output, so a script printing gigabytes costs
 * the agent 64 KiB of memory.
 */
export class OutputCollector {
  private readonly head = Buffer.alloc(AGENT_OUTPUT_HEAD_BYTES);
  private headLength = 0;
  private readonly tail = Buffer.alloc(AGENT_OUTPUT_LIMIT_BYTES - AGENT_OUTPUT_HEAD_BYTES);
  /** Where the next tail byte goes; once `tailFull`, also where the oldest tail byte is. */
  private tailPos = 0;
  private tailFull = false;
  private total = 0;
  private lastByte: number | undefined;

  get totalBytes(): number {
    return this.total;
  }

  push(chunk: Buffer | string): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) return;
    this.total += bytes.length;
    this.lastByte = bytes[bytes.length - 1];
    if (this.headLength < this.head.length) {
      const n = Math.min(this.head.length - this.headLength, bytes.length);
      bytes.copy(this.head, this.headLength, 0, n);
      this.headLength += n;
      bytes = bytes.subarray(n);
      if (bytes.length === 0) return;
    }
    const size = this.tail.length;
    if (bytes.length >= size) {
      bytes.copy(this.tail, 0, bytes.length - size);
      this.tailPos = 0;
      this.tailFull = true;
      return;
    }
    const first = Math.min(size - this.tailPos, bytes.length);
    bytes.copy(this.tail, this.tailPos, 0, first);
    if (first < bytes.length) bytes.copy(this.tail, 0, first);
    const end = this.tailPos + bytes.length;
    if (end >= size) this.tailFull = true;
    this.tailPos = end % size;
  }

  /** Appends an agent note on a line of its own (after the script's last line). */
  note(line: string): void {
    const separator = this.total > 0 && this.lastByte !== 0x0a ? '\n' : '';
    this.push(`${separator}${line}\n`);
  }

  finish(): { output: string; truncated: boolean } {
    const tail = this.tailFull ? Buffer.concat([this.tail.subarray(this.tailPos), this.tail.subarray(0, this.tailPos)]) : this.tail.subarray(0, this.tailPos);
    const head = this.head.subarray(0, this.headLength);
    if (this.total <= AGENT_OUTPUT_LIMIT_BYTES) return { output: new TextDecoder().decode(Buffer.concat([head, tail])), truncated: false };
    const omitted = this.total - AGENT_OUTPUT_LIMIT_BYTES;
    const decoder = new TextDecoder();
    return { output: `${decoder.decode(head)}\n[... ${omitted} bytes of output left out ...]\n${decoder.decode(tail)}`, truncated: true };
  }
}
