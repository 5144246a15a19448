// The relevance probe (engine/probe.ts): whether a file takes part in the protocol, and which names it defines
// (so that a file defining what the simulation looked for and did not find can be brought in), before any parse.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { probeText } from '../server/src/engine';

const defines = (text: string): string[] => probeText(text).defines.sort();

test('probe: a class deriving from a provider interface is a seed, a mention in a comment is not', () => {
  assert.equal(probeText('class CStore : public IMsgStore {};').seed, true);
  assert.equal(probeText('class CLogon : public IXPLogon {};').seed, true);
  assert.equal(probeText('template <class T> class CStore : public CImpl<T, IMsgStore> {};').seed, true);
  assert.equal(probeText('// calls StoreLogoff\nint x;').seed, false);
  assert.equal(probeText('class CFolder : public IMAPIFolder {};').seed, false);
  assert.deepEqual(probeText(''), { seed: false, defines: [] });
});

test('probe: StoreLogoff and TransportLogoff definitions are seeds (C and out-of-line C++), calls are not', () => {
  assert.equal(probeText('STDMETHODIMP CStore::StoreLogoff(ULONG *pf)\n{\n    return S_OK;\n}\n').seed, true);
  assert.equal(probeText('HRESULT IMS_StoreLogoff(PIMS pims, ULONG FAR *pulFlags)\n{\n    return 0;\n}\n').seed, true);
  assert.equal(probeText('HRESULT XPL_TransportLogoff(PXPL p, ULONG f)\n{\n    return 0;\n}\n').seed, true);
  assert.equal(probeText('void f(LPMDB p)\n{\n    ULONG ul = 0;\n    p->StoreLogoff(&ul);\n}\n').seed, false);
  assert.equal(probeText('HRESULT IMS_StoreLogoff(PIMS pims, ULONG FAR *pulFlags);\n').seed, false, 'a prototype is not a definition');
});

test('probe: out-of-line members define Class:: and Class::member; a qualified call in a body defines nothing', () => {
  assert.deepEqual(defines('STDMETHODIMP_(ULONG) CStore::Release()\n{\n    return 0;\n}\n'), ['CStore::', 'CStore::Release']);
  assert.deepEqual(defines('HRESULT OpenFolder(LPMAPISUP psup)\n{\n    return CStore::Create(psup, NULL);\n}\n'), ['OpenFolder']);
  assert.deepEqual(defines('CStore::~CStore()\n{\n}\n'), ['CStore::', 'CStore::~CStore']);
  assert.deepEqual(defines('void ns::CStore::f()\n{\n}\n'), ['CStore::', 'CStore::f', 'ns::', 'ns::CStore']);
});

test('probe: namespaces and extern "C" blocks are not bodies; function bodies are', () => {
  assert.deepEqual(defines('namespace mapi {\nHRESULT Helper(int a)\n{\n    int inner = 1;\n    return inner;\n}\n}\n'), ['Helper']);
  assert.deepEqual(defines('extern "C" {\nvoid DropSupport(LPMAPISUP p) { p->Release(); }\n}\n'), ['DropSupport']);
});

test('probe: classes, typedefs, aliases, globals, enumerators and macros', () => {
  assert.deepEqual(defines('class CStore;\nstruct Tag\n{\n};\n'), ['CStore', 'Tag']);
  assert.deepEqual(defines('typedef struct _IMS { int a; } IMS, *PIMS;\n'), ['IMS', 'PIMS', '_IMS']);
  assert.deepEqual(defines('typedef HRESULT (*PFNNEUTER)(void *);\n'), ['PFNNEUTER']);
  assert.deepEqual(defines('using SupportPtr = object_ptr<IMAPISupport>;\n'), ['SupportPtr']);
  assert.deepEqual(defines('static const IMS_Vtbl vtblIMS = { 0 };\n'), ['vtblIMS']);
  assert.deepEqual(defines('enum State { ST_OPEN, ST_CLOSED = 2 };\n'), ['ST_CLOSED', 'ST_OPEN', 'State']);
  assert.deepEqual(defines('#define SAFE_RELEASE(p) do { if (p) { (p)->Release(); (p) = NULL; } } while (0)\n'), ['SAFE_RELEASE']);
});

test('probe: braces in comments, strings, characters and preprocessor lines do not open bodies', () => {
  const text = ['// {', '/* { { */', 'const char *s = "{\\"{";', "const char c = '{';", '#define OPEN {', 'void Later(void)', '{', '}'].join('\n');
  assert.ok(defines(text).includes('Later'));
});
