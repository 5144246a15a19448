// A unified diff of two texts, for `--fix-dry-run`. Lines are compared whole (line endings included, so a
// CRLF file's diff shows CRLF lines unchanged); hunks carry three lines of context.

export function unifiedDiff(oldName: string, newName: string, a: string, b: string): string {
  const x = splitLines(a);
  const y = splitLines(b);
  const ops = diffLines(x, y);
  const hunks: string[] = [];
  const CONTEXT = 3;
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === '=') {
      i++;
      continue;
    }
    // Extend the hunk over changes that are closer than 2*CONTEXT lines apart.
    let start = i;
    let end = i;
    while (end < ops.length) {
      let j = end;
      while (j < ops.length && ops[j].op !== '=') j++;
      let k = j;
      while (k < ops.length && ops[k].op === '=') k++;
      end = j;
      if (k >= ops.length || k - j > 2 * CONTEXT) break;
      end = k;
    }
    start = Math.max(0, start - CONTEXT);
    const stop = Math.min(ops.length, end + CONTEXT);
    const slice = ops.slice(start, stop);
    const aStart = slice[0].ai;
    const bStart = slice[0].bi;
    const aLen = slice.filter((o) => o.op !== '+').length;
    const bLen = slice.filter((o) => o.op !== '-').length;
    const body = slice.map((o) => (o.op === '=' ? ' ' : o.op) + withNewline(o.op === '+' ? y[o.bi] : x[o.ai])).join('');
    hunks.push(`@@ -${aStart + (aLen ? 1 : 0)},${aLen} +${bStart + (bLen ? 1 : 0)},${bLen} @@\n${body}`);
    i = stop;
  }
  if (!hunks.length) return '';
  return `--- ${oldName}\n+++ ${newName}\n${hunks.join('')}`;
}

function withNewline(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n\\ No newline at end of file\n`;
}

function splitLines(t: string): string[] {
  return t.length ? t.split(/(?<=\n)/) : [];
}

interface Op {
  op: '=' | '-' | '+';
  ai: number;
  bi: number;
}

/** Line diff: common prefix and suffix, then an LCS table over the (small) changed middle. */
function diffLines(x: string[], y: string[]): Op[] {
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ op: '=', ai: i, bi: i });
  const xm = x.slice(pre, x.length - suf);
  const ym = y.slice(pre, y.length - suf);
  if (xm.length * ym.length > 4_000_000) {
    xm.forEach((_, i) => ops.push({ op: '-', ai: pre + i, bi: pre }));
    ym.forEach((_, j) => ops.push({ op: '+', ai: pre + xm.length, bi: pre + j }));
  } else {
    const n = xm.length;
    const m = ym.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = xm[i] === ym[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xm[i] === ym[j]) {
        ops.push({ op: '=', ai: pre + i, bi: pre + j });
        i++;
        j++;
      } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        ops.push({ op: '+', ai: pre + i, bi: pre + j });
        j++;
      } else {
        ops.push({ op: '-', ai: pre + i, bi: pre + j });
        i++;
      }
    }
  }
  for (let k = 0; k < suf; k++) ops.push({ op: '=', ai: x.length - suf + k, bi: y.length - suf + k });
  return ops;
}
