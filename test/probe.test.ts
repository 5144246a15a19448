// The relevance probe (engine/probe.ts): which names pull a file into the analysis before it is parsed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { probeText } from '../server/src/engine-old/probe';

const names = (text: string): string[] => probeText(text).names.sort();

test('probe: an out-of-line member definition pulls the file in by its class; a qualified call in a body does not', () => {
  assert.deepEqual(names('STDMETHODIMP_(ULONG) CStore::Release()\n{\n    return 0;\n}\n'), ['CStore', 'STDMETHODIMP_']);
  assert.deepEqual(names('HRESULT OpenFolder(LPMAPISUP psup)\n{\n    return CStore::Create(psup, NULL);\n}\n'), []);
  assert.deepEqual(names('CStore::CStore() : m_cRef(1) {}\nCStore::~CStore() {}\n'), ['CStore', 'm_']);
});

test('probe: namespaces and extern "C" blocks are not bodies; classes are', () => {
  assert.deepEqual(names('namespace mapi { namespace detail {\nHRESULT CStore::Logoff() { return Helper::Run(); }\n} }\n'), ['CStore']);
  assert.deepEqual(names('namespace a::b {\nvoid CStore::f() {}\n}\n'), ['CStore']);
  assert.deepEqual(names('extern "C" {\nvoid CStore::f() {}\n}\n'), ['CStore']);
  assert.deepEqual(names('class Outer {\n    friend HRESULT Other::Open();\n};\n'), ['Outer']);
  assert.deepEqual(names('using namespace std;\n{\n    Inner::call();\n}\n'), []);
});

test('probe: braces in comments, strings, characters, raw strings and preprocessor lines do not count', () => {
  const text = [
    '// {',
    '/* { { */',
    'const char *s = "{\\"{";',
    "const char c = '{';",
    'const char *r = R"x({{{)x";',
    "int big = 1'000'000;",
    '#define OPEN {',
    '#define MULTI \\',
    '    {',
    'void CStore::f() {}',
  ].join('\n');
  assert.ok(names(text).includes('CStore'));
});

test('probe: when #if branches leave the braces unbalanced, every Name:: counts', () => {
  const text = '#if A\nvoid f() {\n#else\nvoid f(int x) {\n#endif\n    Helper::run();\n}\nvoid CStore::g() {}\n';
  assert.deepEqual(names(text), ['CStore', 'Helper']);
});

test('probe: class Name, struct Name, "} Name" on the same line, and Prefix_ parts', () => {
  assert.deepEqual(names('class CStore;\nstruct Tag\n{\n};\ntypedef struct { int a; } MDBSTORE;\n'), ['CStore', 'MDBSTORE', 'Tag']);
  assert.deepEqual(names('if (x) {\n}\nstatic int y;\n'), [], 'a word on the line after } is not a typedef name');
  assert.deepEqual(names('HRESULT MS_Release(void);\nint g_count;\n'), ['MS_', 'g_']);
});

test('probe: the seed flag is a mention of the store interface, wherever it is', () => {
  assert.equal(probeText('class CStore : public IMsgStore {};').seed, true);
  assert.equal(probeText('// calls StoreLogoff\nint x;').seed, true);
  assert.equal(probeText('int x;').seed, false);
  assert.deepEqual(probeText(''), { seed: false, names: [] });
});

test('probe: a C prefix with several underscores pulls in by each of its parts', () => {
  assert.deepEqual(names('ULONG MSP_IMS_AddRef(PIMS pims);\n'), ['MSP_', 'MSP_IMS_']);
  assert.deepEqual(probeText('HRESULT MSP_IMS_StoreLogoff(PIMS pims, ULONG FAR *pulFlags);').logoffPrefixes, ['MSP_IMS_']);
});
