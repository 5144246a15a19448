// Constants of the MAPI and Windows SDK headers that provider code uses by name (mapidefs.h, mapicode.h,
// winerror.h). The provider's own #defines are expanded by the preprocessor and its enums are in the sources.

export const LOGOFF_NO_WAIT = 0x1;
export const LOGOFF_ORDERLY = 0x2;
export const LOGOFF_PURGE = 0x4;
export const LOGOFF_ABORT = 0x8;
export const LOGOFF_QUIET = 0x10;
export const LOGOFF_COMPLETE = 0x10000;

export const MAPI_E_CALL_FAILED = 0x80004005 | 0;
export const MAPI_E_INVALID_OBJECT = 0x80040108 | 0;

export const LOGOFF_FLAGS: ReadonlyMap<string, number> = new Map([
  ['LOGOFF_NO_WAIT', LOGOFF_NO_WAIT],
  ['LOGOFF_ORDERLY', LOGOFF_ORDERLY],
  ['LOGOFF_PURGE', LOGOFF_PURGE],
  ['LOGOFF_ABORT', LOGOFF_ABORT],
  ['LOGOFF_QUIET', LOGOFF_QUIET],
  ['LOGOFF_COMPLETE', LOGOFF_COMPLETE],
  ['LOGOFF_INBOUND', 0x20000],
  ['LOGOFF_OUTBOUND', 0x40000],
  ['LOGOFF_OUTBOUND_QUEUE', 0x80000],
]);

const NAMED: ReadonlyMap<string, number> = new Map<string, number>([
  ...LOGOFF_FLAGS,
  ['TRUE', 1],
  ['FALSE', 0],
  ['NULL', 0],
  ['S_OK', 0],
  ['S_FALSE', 1],
  ['NOERROR', 0],
  ['hrSuccess', 0],
  ['SUCCESS_SUCCESS', 0],
  ['ERROR_SUCCESS', 0],
  ['E_FAIL', 0x80004005 | 0],
  ['E_NOINTERFACE', 0x80004002 | 0],
  ['E_INVALIDARG', 0x80070057 | 0],
  ['E_OUTOFMEMORY', 0x8007000e | 0],
  ['E_UNEXPECTED', 0x8000ffff | 0],
  ['E_NOTIMPL', 0x80004001 | 0],
  ['E_POINTER', 0x80004003 | 0],
  ['MAPI_E_CALL_FAILED', MAPI_E_CALL_FAILED],
  ['MAPI_E_NOT_ENOUGH_MEMORY', 0x8007000e | 0],
  ['MAPI_E_INVALID_PARAMETER', 0x80070057 | 0],
  ['MAPI_E_INTERFACE_NOT_SUPPORTED', 0x80004002 | 0],
  ['MAPI_E_NO_SUPPORT', 0x80040102 | 0],
  ['MAPI_E_NOT_FOUND', 0x8004010f | 0],
  ['MAPI_E_INVALID_OBJECT', MAPI_E_INVALID_OBJECT],
  ['MAPI_E_BUSY', 0x8004010b | 0],
  ['MAPI_E_NO_ACCESS', 0x80070005 | 0],
  ['MAPI_E_LOGON_FAILED', 0x80040111 | 0],
  ['MAPI_E_UNCONFIGURED', 0x8004011c | 0],
  ['MAPI_E_USER_CANCEL', 0x80040113 | 0],
  ['MAPI_E_NETWORK_ERROR', 0x80040115 | 0],
  ['MAPI_E_CORRUPT_STORE', 0x80040600 | 0],
  ['MAPI_W_ERRORS_RETURNED', 0x00040380],
  ['MAPI_STORE', 1],
  ['MAPI_ADDRBOOK', 2],
  ['MAPI_FOLDER', 3],
  ['MAPI_ABCONT', 4],
  ['MAPI_MESSAGE', 5],
  ['MAPI_MAILUSER', 6],
  ['MAPI_ATTACH', 7],
  ['MAPI_DISTLIST', 8],
  ['MAPI_PROFSECT', 9],
  ['MAPI_STATUS', 10],
  ['MAPI_SESSION', 11],
  ['MAPI_MODIFY', 1],
  ['MAPI_BEST_ACCESS', 0x10],
  ['MAPI_UNICODE', 0x80000000 | 0],
  ['INFINITE', 0xffffffff | 0],
]);

/** The value of an SDK constant, or undefined. Error codes the table lacks are failures, warnings successes. */
export function sdkConstant(name: string): number | undefined {
  const v = NAMED.get(name);
  if (v !== undefined) return v;
  if (/^(MAPI_E_|E_)[A-Z0-9_]+$/.test(name)) return MAPI_E_CALL_FAILED;
  if (/^MAPI_W_[A-Z0-9_]+$/.test(name)) return 0x00040000;
  return undefined;
}

export function flagsText(v: number): string {
  const names: string[] = [];
  let rest = v;
  for (const [n, bit] of LOGOFF_FLAGS) {
    if ((v & bit) === bit) {
      names.push(n);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names.length ? names.join(' | ') : '0';
}
