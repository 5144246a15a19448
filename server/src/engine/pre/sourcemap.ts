// The map from the preprocessed text back to the text the user wrote. The preprocessed text is made of
// stretches copied from the original (directive lines and inactive groups blanked with spaces, so they
// still map one to one) and of macro expansions. A token copied from a macro argument maps to its own place;
// a token of a macro's body maps to the macro use it came from.
import type { MacroUse } from './expand';

interface Segment {
  out: number;
  orig: number;
  len: number;
  /** Set for text produced by a macro body: every offset in it maps to the use. */
  use?: MacroUse;
}

export class SourceMap {
  private readonly segs: Segment[] = [];

  /** The whole text was copied: the identity map. */
  static identity(length: number): SourceMap {
    const m = new SourceMap();
    m.add(0, 0, length);
    return m;
  }

  /** @internal used by the preprocessor while it writes the text */
  add(out: number, orig: number, len: number, use?: MacroUse): void {
    if (len <= 0) return;
    const last = this.segs[this.segs.length - 1];
    if (last && !use && !last.use && last.out + last.len === out && last.orig + last.len === orig) {
      last.len += len;
      return;
    }
    this.segs.push(use ? { out, orig, len, use } : { out, orig, len });
  }

  get isIdentity(): boolean {
    return this.segs.length <= 1 && !this.segs[0]?.use && (this.segs[0]?.out ?? 0) === (this.segs[0]?.orig ?? 0);
  }

  private find(out: number): Segment | undefined {
    const s = this.segs;
    let lo = 0;
    let hi = s.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid].out <= out) lo = mid;
      else hi = mid - 1;
    }
    return s[lo];
  }

  /**
   * The original offset of an offset of the preprocessed text. Inside a macro expansion a start maps to the
   * use's start and an end to its end (`bias`), so that a range always covers the macro use.
   */
  toOriginal(out: number, bias: 'start' | 'end' = 'start'): number {
    const seg = this.find(out);
    if (!seg) return out;
    if (seg.use) return bias === 'start' ? seg.use.start : seg.use.end;
    const d = out - seg.out;
    if (d <= seg.len) return seg.orig + d;
    // Between segments (a space the expansion added): the end of the segment before it.
    return seg.orig + seg.len;
  }

  /** The outermost macro use that produced this offset, if it lies in a macro body's text. */
  macroAt(out: number): MacroUse | undefined {
    const seg = this.find(out);
    if (!seg?.use || out >= seg.out + seg.len) return undefined;
    let u = seg.use;
    while (u.parent) u = u.parent;
    return u;
  }

  /**
   * The original range of [start, end) when that text is the user's own, unchanged (no macro body in it and
   * contiguous there); undefined otherwise. A fix may only edit such ranges.
   */
  verbatim(start: number, end: number): { start: number; end: number } | undefined {
    const a = this.find(start);
    if (!a || a.use) return undefined;
    const b = end > start ? this.find(end - 1) : a;
    if (!b || b.use) return undefined;
    const os = a.orig + (start - a.out);
    const oe = b.orig + (end - b.out);
    if (oe - os !== end - start) return undefined;
    // Every segment in between must be copied text.
    for (const s of this.segs) {
      if (s.out >= end) break;
      if (s.out + s.len > start && s.use) return undefined;
    }
    return { start: os, end: oe };
  }

  /** The offset of the preprocessed text at an original offset that was copied (not in an expansion). */
  toOutput(orig: number): number | undefined {
    // Inside a macro use: where its expansion starts.
    for (const s of this.segs) {
      if (!s.use) continue;
      let u = s.use;
      while (u.parent) u = u.parent;
      if (orig >= u.start && orig < u.end) return s.out;
    }
    for (const s of this.segs) {
      if (s.use) continue;
      if (orig >= s.orig && orig <= s.orig + s.len) return s.out + (orig - s.orig);
    }
    return undefined;
  }
}
