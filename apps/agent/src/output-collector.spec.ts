import { AGENT_OUTPUT_HEAD_BYTES, AGENT_OUTPUT_LIMIT_BYTES, truncateOutput } from '@entitle/domain';
import { OutputCollector } from './output-collector';

function collect(text: string, chunkSize: number): { output: string; truncated: boolean } {
  const collector = new OutputCollector();
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) collector.push(bytes.subarray(i, i + chunkSize));
  return collector.finish();
}

/** Text with multi-byte characters, so cuts can fall inside one. */
function sample(bytes: number): string {
  const unit = 'line of output: héllo wörld ✓ 🚀\n';
  return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))).slice(0, bytes);
}

describe(OutputCollector.name, () => {
  it.each([
    ['empty', 0, 64],
    ['short', 100, 7],
    ['exactly the head', AGENT_OUTPUT_HEAD_BYTES, 4096],
    ['exactly the limit', AGENT_OUTPUT_LIMIT_BYTES, 1000],
    ['one byte over the limit', AGENT_OUTPUT_LIMIT_BYTES + 1, 1],
    ['200 KB in small chunks', 200_000, 333],
    ['200 KB in one chunk', 200_000, 1_000_000],
    ['1 MB in pipe-sized chunks', 1_000_000, 65_536],
  ])('should give what truncateOutput gives when the output is %s', (_name, size, chunk) => {
    const text = 'x'.repeat(size);
    expect(collect(text, chunk)).toEqual(truncateOutput(text));
  });

  it.each([1, 13, 4096, 70_000])('should give what truncateOutput gives when multi-byte output arrives in %i-byte chunks', (chunk) => {
    const text = sample(150_000);
    expect(collect(text, chunk)).toEqual(truncateOutput(text));
  });

  it('should report the bytes left out and keep the first and last bytes when the output is far over the limit', () => {
    const collector = new OutputCollector();
    collector.push('BEGIN');
    for (let i = 0; i < 100; i += 1) collector.push(Buffer.alloc(50_000, 'y'));
    collector.push('END');
    const { output, truncated } = collector.finish();
    expect(truncated).toBe(true);
    expect(collector.totalBytes).toBe(5_000_008);
    expect(output.startsWith('BEGINyyy')).toBe(true);
    expect(output.endsWith('yyyEND')).toBe(true);
    expect(output).toContain(`\n[... ${5_000_008 - AGENT_OUTPUT_LIMIT_BYTES} bytes of output left out ...]\n`);
  });

  it('should put a note on a line of its own when the output does not end with a newline', () => {
    const collector = new OutputCollector();
    collector.push('no newline');
    collector.note('[entitle-agent] note');
    expect(collector.finish().output).toBe('no newline\n[entitle-agent] note\n');
  });
});
