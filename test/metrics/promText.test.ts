import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheusText, sampleValue } from './promText.js';

const valid = `# HELP a_total Things, with a \\\\ backslash.
# TYPE a_total counter
a_total{kind="x",msg="say \\"hi\\"\\n"} 3
a_total{kind="y"} 1.5e3
# TYPE h histogram
h_bucket{le="0.1"} 1
h_bucket{le="+Inf"} 2
h_sum 0.3
h_count 2
`;

test('the test parser reads valid exposition text, escapes and all', () => {
  const families = parsePrometheusText(valid);
  assert.equal(families.get('a_total')?.type, 'counter');
  assert.equal(families.get('a_total')?.help, 'Things, with a \\ backslash.');
  assert.equal(sampleValue(families, 'a_total', { msg: 'say "hi"\n' }), 3);
  assert.equal(sampleValue(families, 'a_total', { kind: 'y' }), 1500);
  assert.equal(sampleValue(families, 'h_count'), 2);
});

test('the test parser rejects what Prometheus would reject', () => {
  const bad: Array<[string, RegExp]> = [
    ['x 1\n', /no TYPE/],
    ['# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', /twice/],
    ['# TYPE x gauge\nx{a="\\q"} 1\n', /bad escape/],
    ['# TYPE x gauge\nx{1a="v"} 1\n', /bad label name/],
    ['# TYPE x gauge\nx one\n', /bad value/],
    ['# TYPE x gauge\nx 1', /newline/],
    ['# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 0\n', /cumulative/],
    ['# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_count 3\nh_sum 0\n', /_count/],
  ];
  for (const [text, why] of bad) assert.throws(() => parsePrometheusText(text), why, text);
});
