import { AGENT_OUTPUT_HEAD_BYTES, AGENT_OUTPUT_LIMIT_BYTES, truncateOutput } from './agent';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe(truncateOutput.name, () => {
  it('should keep output that fits unchanged', () => {
    const text = 'x'.repeat(AGENT_OUTPUT_LIMIT_BYTES);
    expect(truncateOutput(text)).toEqual({ output: text, truncated: false });
  });

  it('should keep the head and the tail with a line saying how much was left out when the output is too long', () => {
    const text = `HEAD${'m'.repeat(200_000)}TAIL`;
    const { output, truncated } = truncateOutput(text);
    expect(truncated).toBe(true);
    expect(output.startsWith('HEAD')).toBe(true);
    expect(output.endsWith('TAIL')).toBe(true);
    const omitted = bytes(text) - AGENT_OUTPUT_LIMIT_BYTES;
    expect(output).toContain(`\n[... ${omitted} bytes of output left out ...]\n`);
    expect(bytes(output)).toBe(AGENT_OUTPUT_LIMIT_BYTES + bytes(`\n[... ${omitted} bytes of output left out ...]\n`));
    expect(output.indexOf('[...')).toBe(AGENT_OUTPUT_HEAD_BYTES + 1);
  });

  it('should count bytes, not characters, when the output is multi-byte', () => {
    const text = 'é'.repeat(AGENT_OUTPUT_LIMIT_BYTES / 2 + 10);
    expect(text.length).toBeLessThan(AGENT_OUTPUT_LIMIT_BYTES);
    expect(truncateOutput(text).truncated).toBe(true);
  });
});
