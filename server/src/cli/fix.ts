// `--fix` and `--fix-dry-run`: the engine's verified fixes, written back or shown as a diff, and
// `simulate --fix`: the traces of the store before and after each fix.
import { applyFileEdits, fixAll, fixesFor, type LintOptions, type Workspace } from '../engine';
import { unifiedDiff } from './diff';
import { describeFsError } from './fs';
import { displayPath, oneBased } from './format/report';
import { formatSimulationText } from './format/simulation';
import { WriteRefused } from './write';

export interface FixIO {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Writes a file's new text; throws (WriteRefused when the file is left alone on purpose) if it did not. */
  write(file: string, text: string): void;
}

export interface FixOutcome {
  texts: Map<string, string>;
  failed: boolean;
}

export function applyFixes(ws: Workspace, options: LintOptions, mode: 'write' | 'dry-run', io: FixIO): FixOutcome {
  const result = fixAll(ws, undefined, options);
  let failed = false;
  const written = new Map<string, string>();
  // Files first, so that a fix is reported as made only when every file it edits was written.
  const notWritten = new Set<string>();
  for (const [file, text] of result.texts) {
    if (mode === 'dry-run') {
      const shown = displayPath(file, io.cwd);
      io.stdout(unifiedDiff(`a/${shown}`, `b/${shown}`, ws.text(file) ?? '', text));
      continue;
    }
    try {
      io.write(file, text);
      written.set(file, text);
    } catch (e) {
      failed = true;
      notWritten.add(file);
      const shown = displayPath(file, io.cwd);
      io.stderr(e instanceof WriteRefused ? `mapi-lint: error: ${shown}: ${e.message}\n` : `mapi-lint: error: cannot write ${shown}: ${describeFsError(e)}\n`);
    }
  }
  for (const fix of result.applied) {
    const at = oneBased(fix.target.loc);
    const where = `${displayPath(fix.target.loc.file, io.cwd)}:${at.line}:${at.column}`;
    const lost = [...new Set(fix.edits.map((e) => e.file))].filter((f) => notWritten.has(f));
    if (lost.length) {
      io.stderr(`${where}: not fixed ${fix.ruleId}: ${fix.title} (not written: ${lost.map((f) => displayPath(f, io.cwd)).join(', ')})\n`);
      continue;
    }
    io.stderr(`${where}: ${mode === 'write' ? 'fixed' : 'would fix'} ${fix.ruleId}: ${fix.title} (verified: ${fix.verified.join(', ')})\n`);
  }
  for (const { finding, reason } of result.unfixed) {
    const at = oneBased(finding.loc);
    io.stderr(`${displayPath(finding.loc.file, io.cwd)}:${at.line}:${at.column}: not fixed ${finding.ruleId}: ${reason}\n`);
  }
  return { texts: written, failed };
}

/** For `simulate --fix`: per verified fix, the simulation of the provider before and after it. */
export function simulateFixes(ws: Workspace, options: LintOptions, cwd: string): string {
  const findings = ws.lint(options).findings.filter((f) => f.ruleId !== 'unused-suppression');
  let out = '';
  for (const f of findings) {
    const [fix] = fixesFor(ws, f, options);
    const at = oneBased(f.loc);
    out += `\n=== fix for ${f.ruleId} at ${displayPath(f.loc.file, cwd)}:${at.line}:${at.column} ===\n`;
    if (!fix) {
      out += 'no verified fix\n';
      continue;
    }
    out += `${fix.title} (verified: ${fix.verified.join(', ')})\n`;
    const texts = applyFileEdits(fix.edits, (file) => ws.text(file));
    for (const [file, text] of texts) out += unifiedDiff(`a/${displayPath(file, cwd)}`, `b/${displayPath(file, cwd)}`, ws.text(file)!, text);
    const after = ws.fork(texts).simulate(options);
    out += '--- after the fix ---\n';
    out += formatSimulationText({ stores: after.stores.filter((s) => s.name === f.store) }, cwd);
  }
  return out;
}
