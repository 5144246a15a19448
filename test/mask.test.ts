// The masking pass keeps every offset: same length, same line breaks, text in comments and strings untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSource } from '../server/src/engine-old/parse/mask';
import { listCases } from './support/cases';

test('masked text has the original length and line breaks, for every fixture file', () => {
  let files = 0;
  for (const c of listCases()) {
    for (const f of c.files) {
      const m = maskSource(f.text);
      assert.equal(m.length, f.text.length, f.path);
      for (let i = 0; i < f.text.length; i++) {
        const ch = f.text[i];
        if (ch === '\n' || ch === '\r') assert.equal(m[i], ch, `${f.path}: line break at ${i}`);
      }
      files++;
    }
  }
  assert.ok(files > 80);
});

test('COM/MAPI macros become plain C++ in place', () => {
  assert.equal(maskSource('STDMETHODIMP_(ULONG) CStore::Release()'), '              ULONG  CStore::Release()');
  assert.equal(maskSource('STDMETHODIMP CStore::StoreLogoff(ULONG FAR * p)'), 'HRESULT      CStore::StoreLogoff(ULONG     * p)');
  assert.equal(maskSource('STDMETHOD_(ULONG, Release)(THIS) PURE;'), '           ULONG  Release (void)     ;');
  assert.equal(maskSource('MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR *);'), 'HRESULT    StoreLogoff (      ULONG     *);');
  assert.equal(maskSource('HRESULT STDMAPIINITCALLTYPE MSProviderInit(void)'), 'HRESULT                     MSProviderInit(void)');
});

test('#if 0 groups are blanked up to #else; comments and strings are never rewritten', () => {
  const src = '#if 0\nm_p->Release();\n#else\nx();\n#endif\n// STDMETHODIMP in a comment\nconst char *s = "FAR THIS_";\n';
  const m = maskSource(src);
  assert.equal(m, '#if 0\n               \n#else\nx();\n#endif\n// STDMETHODIMP in a comment\nconst char *s = "FAR THIS_";\n');
  // Nested conditionals inside a dead group stay dead; the group ends at its own #endif.
  assert.equal(maskSource('#if 0\n#ifdef X\na();\n#endif\nb();\n#endif\nc();\n'), '#if 0\n        \n    \n      \n    \n#endif\nc();\n');
});
