// What the MAPI SDK headers declare and the analysed sources never contain: the interfaces of the
// provider family, their methods in vtable order (a C provider's vtable initializer is matched to its
// interface by position), and the parameters of the methods MAPI calls during shutdown.

export interface MethodDecl {
  name: string;
  /** Parameter list as the SDK writes it, after `THIS_` (C declarations are generated from it). */
  params: string;
  returns?: string;
}

export interface InterfaceDecl {
  name: string;
  base?: string;
  /** Methods this interface adds to its base, in vtable order. */
  methods: MethodDecl[];
}

const m = (name: string, params = '', returns = 'HRESULT'): MethodDecl => ({ name, params, returns });

export const INTERFACES: readonly InterfaceDecl[] = [
  { name: 'IUnknown', methods: [m('QueryInterface', 'REFIID riid, LPVOID FAR * ppvObj'), m('AddRef', '', 'ULONG'), m('Release', '', 'ULONG')] },
  {
    name: 'IMAPIProp',
    base: 'IUnknown',
    methods: [
      m('GetLastError', 'HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError'),
      m('SaveChanges', 'ULONG ulFlags'),
      m('GetProps', 'LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG FAR * lpcValues, LPSPropValue FAR * lppPropArray'),
      m('GetPropList', 'ULONG ulFlags, LPSPropTagArray FAR * lppPropTagArray'),
      m('OpenProperty', 'ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN FAR * lppUnk'),
      m('SetProps', 'ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR * lppProblems'),
      m('DeleteProps', 'LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR * lppProblems'),
      m('CopyTo', 'ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems'),
      m('CopyProps', 'LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems'),
      m('GetNamesFromIDs', 'LPSPropTagArray FAR * lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags, ULONG FAR * lpcPropNames, LPMAPINAMEID FAR * FAR * lpppPropNames'),
      m('GetIDsFromNames', 'ULONG cPropNames, LPMAPINAMEID FAR * lppPropNames, ULONG ulFlags, LPSPropTagArray FAR * lppPropTags'),
    ],
  },
  {
    name: 'IMsgStore',
    base: 'IMAPIProp',
    methods: [
      m('Advise', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection'),
      m('Unadvise', 'ULONG_PTR ulConnection'),
      m('CompareEntryIDs', 'ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult'),
      m('OpenEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk'),
      m('SetReceiveFolder', 'LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID'),
      m('GetReceiveFolder', 'LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR * lpcbEntryID, LPENTRYID FAR * lppEntryID, LPTSTR FAR * lppszExplicitClass'),
      m('GetReceiveFolderTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('StoreLogoff', 'ULONG FAR * lpulFlags'),
      m('AbortSubmit', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags'),
      m('GetOutgoingQueue', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('SetLockState', 'LPMESSAGE lpMessage, ULONG ulLockState'),
      m('FinishedMsg', 'ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID'),
      m('NotifyNewMail', 'LPNOTIFICATION lpNotification'),
    ],
  },
  {
    name: 'IMSLogon',
    base: 'IUnknown',
    methods: [
      m('GetLastError', 'HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError'),
      m('Logoff', 'ULONG FAR * lpulFlags'),
      m('OpenEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk'),
      m('CompareEntryIDs', 'ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult'),
      m('Advise', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection'),
      m('Unadvise', 'ULONG_PTR ulConnection'),
      m('OpenStatusEntry', 'LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPVOID FAR * lppEntry'),
    ],
  },
  {
    name: 'IMSProvider',
    base: 'IUnknown',
    methods: [
      m('Shutdown', 'ULONG FAR * lpulFlags'),
      m('Logon', 'LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface, ULONG FAR * lpcbSpoolSecurity, LPBYTE FAR * lppbSpoolSecurity, LPMAPIERROR FAR * lppMAPIError, LPMSLOGON FAR * lppMSLogon, LPMDB FAR * lppMDB'),
      m('SpoolerLogon', 'LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface, ULONG cbSpoolSecurity, LPBYTE lpbSpoolSecurity, LPMAPIERROR FAR * lppMAPIError, LPMSLOGON FAR * lppMSLogon, LPMDB FAR * lppMDB'),
      m('CompareStoreIDs', 'ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult'),
    ],
  },
  {
    name: 'IABProvider',
    base: 'IUnknown',
    methods: [
      m('Shutdown', 'ULONG FAR * lpulFlags'),
      m('Logon', 'LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG ulFlags, ULONG FAR * lpulpcbSecurity, LPBYTE FAR * lppbSecurity, LPMAPIERROR FAR * lppMAPIError, LPABLOGON FAR * lppABLogon'),
    ],
  },
  {
    name: 'IABLogon',
    base: 'IUnknown',
    methods: [
      m('GetLastError', 'HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError'),
      m('Logoff', 'ULONG ulFlags'),
      m('OpenEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk'),
      m('CompareEntryIDs', 'ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult'),
      m('Advise', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection'),
      m('Unadvise', 'ULONG_PTR ulConnection'),
      m('OpenStatusEntry', 'LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPMAPISTATUS FAR * lppEntry'),
      m('OpenTemplateID', 'ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP FAR * lppMAPIPropNew, LPMAPIPROP lpMAPIPropSibling'),
      m('GetOneOffTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('PrepareRecips', 'ULONG ulFlags, LPSPropTagArray lpPropTagArray, LPADRLIST lpRecipList'),
    ],
  },
  {
    name: 'IXPProvider',
    base: 'IUnknown',
    methods: [
      m('Shutdown', 'ULONG FAR * lpulFlags'),
      m('TransportLogon', 'LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG FAR * lpulFlags, LPMAPIERROR FAR * lppMAPIError, LPXPLOGON FAR * lppXPLogon'),
    ],
  },
  {
    name: 'IXPLogon',
    base: 'IUnknown',
    methods: [
      m('AddressTypes', 'ULONG FAR * lpulFlags, ULONG FAR * lpcAdrType, LPTSTR FAR * FAR * lpppAdrTypeArray, ULONG FAR * lpcMAPIUID, LPMAPIUID FAR * FAR * lpppUIDArray'),
      m('RegisterOptions', 'ULONG FAR * lpulFlags, ULONG FAR * lpcOptions, LPOPTIONDATA FAR * lppOptions'),
      m('TransportNotify', 'ULONG FAR * lpulFlags, LPVOID FAR * lppvData'),
      m('Idle', 'ULONG ulFlags'),
      m('TransportLogoff', 'ULONG ulFlags'),
      m('SubmitMessage', 'ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR * lpulMsgRef, ULONG_PTR FAR * lpulReturnParm'),
      m('EndMessage', 'ULONG_PTR ulMsgRef, ULONG FAR * lpulFlags'),
      m('Poll', 'ULONG FAR * lpulIncoming'),
      m('StartMessage', 'ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR * lpulMsgRef'),
      m('OpenStatusEntry', 'LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPMAPISTATUS FAR * lppEntry'),
      m('ValidateState', 'ULONG_PTR ulUIParam, ULONG ulFlags'),
      m('FlushQueues', 'ULONG_PTR ulUIParam, ULONG cbTargetTransport, LPENTRYID lpTargetTransport, ULONG ulFlags'),
    ],
  },
  // The interfaces of the objects a provider hands out (folders, messages, tables, address book entries): their
  // method lists appear in the providers' C struct declarations (`MAPI_IMAPIFOLDER_METHODS(IMPL)`).
  {
    name: 'IMAPIContainer',
    base: 'IMAPIProp',
    methods: [
      m('GetContentsTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('GetHierarchyTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('OpenEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk'),
      m('SetSearchCriteria', 'LPSRestriction lpRestriction, LPENTRYLIST lpContainerList, ULONG ulSearchFlags'),
      m('GetSearchCriteria', 'ULONG ulFlags, LPSRestriction FAR * lppRestriction, LPENTRYLIST FAR * lppContainerList, ULONG FAR * lpulSearchState'),
    ],
  },
  {
    name: 'IMAPIFolder',
    base: 'IMAPIContainer',
    methods: [
      m('CreateMessage', 'LPCIID lpInterface, ULONG ulFlags, LPMESSAGE FAR * lppMessage'),
      m('CopyMessages', 'LPENTRYLIST lpMsgList, LPCIID lpInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('DeleteMessages', 'LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('CreateFolder', 'ULONG ulFolderType, LPTSTR lpszFolderName, LPTSTR lpszFolderComment, LPCIID lpInterface, ULONG ulFlags, LPMAPIFOLDER FAR * lppFolder'),
      m('CopyFolder', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, LPVOID lpDestFolder, LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('DeleteFolder', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('SetReadFlags', 'LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('GetMessageStatus', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, ULONG FAR * lpulMessageStatus'),
      m('SetMessageStatus', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulNewStatus, ULONG ulNewStatusMask, ULONG FAR * lpulOldStatus'),
      m('SaveContentsSort', 'LPSSortOrderSet lpSortCriteria, ULONG ulFlags'),
      m('EmptyFolder', 'ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
    ],
  },
  {
    name: 'IMessage',
    base: 'IMAPIProp',
    methods: [
      m('GetAttachmentTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('OpenAttach', 'ULONG ulAttachmentNum, LPCIID lpInterface, ULONG ulFlags, LPATTACH FAR * lppAttach'),
      m('CreateAttach', 'LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulAttachmentNum, LPATTACH FAR * lppAttach'),
      m('DeleteAttach', 'ULONG ulAttachmentNum, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('GetRecipientTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('ModifyRecipients', 'ULONG ulFlags, LPADRLIST lpMods'),
      m('SubmitMessage', 'ULONG ulFlags'),
      m('SetReadFlag', 'ULONG ulFlags'),
    ],
  },
  { name: 'IAttach', base: 'IMAPIProp', methods: [] },
  {
    name: 'IABContainer',
    base: 'IMAPIContainer',
    methods: [
      m('CreateEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags, LPMAPIPROP FAR * lppMAPIPropEntry'),
      m('CopyEntries', 'LPENTRYLIST lpEntries, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('DeleteEntries', 'LPENTRYLIST lpEntries, ULONG ulFlags'),
      m('ResolveNames', 'LPSPropTagArray lpPropTagArray, ULONG ulFlags, LPADRLIST lpAdrList, LPFlagList lpFlagList'),
    ],
  },
  { name: 'IMailUser', base: 'IMAPIProp', methods: [] },
  {
    name: 'IDistList',
    base: 'IMAPIContainer',
    methods: [
      m('CreateEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags, LPMAPIPROP FAR * lppMAPIPropEntry'),
      m('CopyEntries', 'LPENTRYLIST lpEntries, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('DeleteEntries', 'LPENTRYLIST lpEntries, ULONG ulFlags'),
      m('ResolveNames', 'LPSPropTagArray lpPropTagArray, ULONG ulFlags, LPADRLIST lpAdrList, LPFlagList lpFlagList'),
    ],
  },
  {
    name: 'IMAPITable',
    base: 'IUnknown',
    methods: [
      m('GetLastError', 'HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError'),
      m('Advise', 'ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection'),
      m('Unadvise', 'ULONG_PTR ulConnection'),
      m('GetStatus', 'ULONG FAR * lpulTableStatus, ULONG FAR * lpulTableType'),
      m('SetColumns', 'LPSPropTagArray lpPropTagArray, ULONG ulFlags'),
      m('QueryColumns', 'ULONG ulFlags, LPSPropTagArray FAR * lpPropTagArray'),
      m('GetRowCount', 'ULONG ulFlags, ULONG FAR * lpulCount'),
      m('SeekRow', 'BOOKMARK bkOrigin, LONG lRowCount, LONG FAR * lplRowsSought'),
      m('SeekRowApprox', 'ULONG ulNumerator, ULONG ulDenominator'),
      m('QueryPosition', 'ULONG FAR * lpulRow, ULONG FAR * lpulNumerator, ULONG FAR * lpulDenominator'),
      m('FindRow', 'LPSRestriction lpRestriction, BOOKMARK bkOrigin, ULONG ulFlags'),
      m('Restrict', 'LPSRestriction lpRestriction, ULONG ulFlags'),
      m('CreateBookmark', 'BOOKMARK FAR * lpbkPosition'),
      m('FreeBookmark', 'BOOKMARK bkPosition'),
      m('SortTable', 'LPSSortOrderSet lpSortCriteria, ULONG ulFlags'),
      m('QuerySortOrder', 'LPSSortOrderSet FAR * lppSortCriteria'),
      m('QueryRows', 'LONG lRowCount, ULONG ulFlags, LPSRowSet FAR * lppRows'),
      m('Abort', ''),
      m('ExpandRow', 'ULONG cbInstanceKey, LPBYTE pbInstanceKey, ULONG ulRowCount, ULONG ulFlags, LPSRowSet FAR * lppRows, ULONG FAR * lpulMoreRows'),
      m('CollapseRow', 'ULONG cbInstanceKey, LPBYTE pbInstanceKey, ULONG ulFlags, ULONG FAR * lpulRowCount'),
      m('WaitForCompletion', 'ULONG ulFlags, ULONG ulTimeout, ULONG FAR * lpulTableStatus'),
      m('GetCollapseState', 'ULONG ulFlags, ULONG cbInstanceKey, LPBYTE lpbInstanceKey, ULONG FAR * lpcbCollapseState, LPBYTE FAR * lppbCollapseState'),
      m('SetCollapseState', 'ULONG ulFlags, ULONG cbCollapseState, LPBYTE pbCollapseState, BOOKMARK FAR * lpbkLocation'),
    ],
  },
  { name: 'IMAPIAdviseSink', base: 'IUnknown', methods: [m('OnNotify', 'ULONG cNotif, LPNOTIFICATION lpNotifications', 'ULONG')] },
  {
    name: 'IMAPIStatus',
    base: 'IMAPIProp',
    methods: [
      m('ValidateState', 'ULONG_PTR ulUIParam, ULONG ulFlags'),
      m('SettingsDialog', 'ULONG_PTR ulUIParam, ULONG ulFlags'),
      m('ChangePassword', 'LPTSTR lpOldPass, LPTSTR lpNewPass, ULONG ulFlags'),
      m('FlushQueues', 'ULONG_PTR ulUIParam, ULONG cbTargetTransport, LPENTRYID lpTargetTransport, ULONG ulFlags'),
    ],
  },
  {
    name: 'IMAPISupport',
    base: 'IUnknown',
    methods: [
      m('GetLastError', 'HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError'),
      m('GetMemAllocRoutines', 'LPALLOCATEBUFFER FAR * lpAllocateBuffer, LPALLOCATEMORE FAR * lpAllocateMore, LPFREEBUFFER FAR * lpFreeBuffer'),
      m('Subscribe', 'LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection'),
      m('Unsubscribe', 'ULONG_PTR ulConnection'),
      m('Notify', 'LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications, ULONG FAR * lpulFlags'),
      m('ModifyStatusRow', 'ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags'),
      m('OpenProfileSection', 'LPMAPIUID lpUid, ULONG ulFlags, LPPROFSECT FAR * lppProfileObj'),
      m('RegisterPreprocessor', 'LPMAPIUID lpMuid, LPTSTR lpszAdrType, LPTSTR lpszDLLName, LPSTR lpszPreprocess, LPSTR lpszRemovePreprocessInfo, ULONG ulFlags'),
      m('NewUID', 'LPMAPIUID lpMuid'),
      m('MakeInvalid', 'ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount, ULONG cMethods'),
      m('SpoolerYield', 'ULONG ulFlags'),
      m('SpoolerNotify', 'ULONG ulFlags, LPVOID lpvData'),
      m('CreateOneOff', 'LPTSTR lpszName, LPTSTR lpszAdrType, LPTSTR lpszAddress, ULONG ulFlags, ULONG FAR * lpcbEntryID, LPENTRYID FAR * lppEntryID'),
      m('SetProviderUID', 'LPMAPIUID lpProviderID, ULONG ulFlags'),
      m('CompareEntryIDs', 'ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2, LPENTRYID lpEntry2, ULONG ulCompareFlags, ULONG FAR * lpulResult'),
      m('OpenTemplateID', 'ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP FAR * lppMAPIPropNew, LPMAPIPROP lpMAPIPropSibling'),
      m('OpenEntry', 'ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulOpenFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk'),
      m('GetOneOffTable', 'ULONG ulFlags, LPMAPITABLE FAR * lppTable'),
      m('Address', 'ULONG_PTR FAR * lpulUIParam, LPADRPARM lpAdrParms, LPADRLIST FAR * lppAdrList'),
      m('Details', 'ULONG_PTR FAR * lpulUIParam, LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext, ULONG cbEntryID, LPENTRYID lpEntryID, LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext, LPTSTR lpszButtonText, ULONG ulFlags'),
      m('NewEntry', 'ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer, LPENTRYID lpEIDContainer, ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl, ULONG FAR * lpcbEIDNewEntry, LPENTRYID FAR * lppEIDNewEntry'),
      m('DoConfigPropsheet', 'ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszTitle, LPMAPITABLE lpDisplayTable, LPMAPIPROP lpCOnfigData, ULONG ulTopPage'),
      m('CopyMessages', 'LPCIID lpSrcInterface, LPVOID lpSrcFolder, LPENTRYLIST lpMsgList, LPCIID lpDestInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('CopyFolder', 'LPCIID lpSrcInterface, LPVOID lpSrcFolder, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpDestInterface, LPVOID lpDestFolder, LPTSTR lszNewFolderName, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags'),
      m('DoCopyTo', 'LPCIID lpSrcInterface, LPVOID lpSrcObj, ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems'),
      m('DoCopyProps', 'LPCIID lpSrcInterface, LPVOID lpSrcObj, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems'),
      m('DoProgressDialog', 'ULONG_PTR ulUIParam, ULONG ulFlags, LPMAPIPROGRESS FAR * lppProgress'),
      m('ReadReceipt', 'ULONG ulFlags, LPMESSAGE lpReadMessage, LPMESSAGE FAR * lppEmptyMessage'),
      m('PrepareSubmit', 'LPMESSAGE lpMessage, ULONG FAR * lpulFlags'),
      m('ExpandRecips', 'LPMESSAGE lpMessage, ULONG FAR * lpulFlags'),
      m('UpdatePAB', 'ULONG ulFlags, LPMESSAGE lpMessage'),
      m('DoSentMail', 'ULONG ulFlags, LPMESSAGE lpMessage'),
      m('OpenAddressBook', 'LPCIID lpInterface, ULONG ulFlags, LPADRBOOK FAR * lppAdrBook'),
      m('Preprocess', 'ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID'),
      m('CompleteMsg', 'ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID'),
      m('StoreLogoffTransports', 'ULONG FAR * lpulFlags'),
      m('StatusRecips', 'LPMESSAGE lpMessage, LPADRLIST lpRecipList'),
      m('WrapStoreEntryID', 'ULONG cbOrigEntry, LPENTRYID lpOrigEntry, ULONG FAR * lpcbWrappedEntry, LPENTRYID FAR * lppWrappedEntry'),
      m('ModifyProfile', 'ULONG ulFlags'),
      m('IStorageFromStream', 'LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags, LPSTORAGE FAR * lppStorageOut'),
      m('GetSvcConfigSupportObj', 'ULONG ulFlags, LPMAPISUP FAR * lppSvcSupport'),
    ],
  },
];

const BY_NAME = new Map(INTERFACES.map((i) => [i.name, i]));

export function interfaceDecl(name: string): InterfaceDecl | undefined {
  return BY_NAME.get(name);
}

/** Every method of an interface with its inherited ones, in vtable order. */
export function vtableOf(name: string): MethodDecl[] {
  const i = BY_NAME.get(name);
  if (!i) return [];
  return [...(i.base ? vtableOf(i.base) : []), ...i.methods];
}

/** mapix.h's allocator function-pointer types: a value of one of them is MAPI's own function (MSProviderInit hands them over). */
export const MAPI_FUNCTION_TYPEDEFS: ReadonlyMap<string, string> = new Map([
  ['LPFREEBUFFER', 'MAPIFreeBuffer'],
  ['LPALLOCATEBUFFER', 'MAPIAllocateBuffer'],
  ['LPALLOCATEMORE', 'MAPIAllocateMore'],
]);

/** Pointer typedefs the SDK declares for its interfaces (`LPMAPISUP` is `IMAPISupport *`). */
export const INTERFACE_POINTER_TYPEDEFS: ReadonlyMap<string, string> = new Map([
  ['LPUNKNOWN', 'IUnknown'],
  ['LPMAPIPROP', 'IMAPIProp'],
  ['LPMDB', 'IMsgStore'],
  ['LPMSLOGON', 'IMSLogon'],
  ['LPMSPROVIDER', 'IMSProvider'],
  ['LPABPROVIDER', 'IABProvider'],
  ['LPABLOGON', 'IABLogon'],
  ['LPXPPROVIDER', 'IXPProvider'],
  ['LPXPLOGON', 'IXPLogon'],
  ['LPMAPISTATUS', 'IMAPIStatus'],
  ['LPMAPICONTAINER', 'IMAPIContainer'],
  ['LPMAPIFOLDER', 'IMAPIFolder'],
  ['LPMESSAGE', 'IMessage'],
  ['LPATTACH', 'IAttach'],
  ['LPABCONT', 'IABContainer'],
  ['LPMAILUSER', 'IMailUser'],
  ['LPDISTLIST', 'IDistList'],
  ['LPMAPITABLE', 'IMAPITable'],
  ['LPMAPIADVISESINK', 'IMAPIAdviseSink'],
  ['LPMAPISUP', 'IMAPISupport'],
  ['LPMAPISUPPORT', 'IMAPISupport'],
  ['PMAPISUP', 'IMAPISupport'],
]);

/** The C macro a C provider calls an interface method through: `IMAPISupport_Release(p)` and friends. */
export function cCallMacros(): string {
  const lines: string[] = [];
  for (const i of INTERFACES) {
    for (const meth of vtableOf(i.name)) {
      const n = meth.params ? meth.params.split(',').length : 0;
      const args = Array.from({ length: n }, (_, k) => `a${k}`);
      const formal = ['This', ...args].join(', ');
      const actual = ['(This)', ...args.map((a) => `(${a})`)].join(', ');
      lines.push(`#define ${i.name}_${meth.name}(${formal}) (This)->lpVtbl->${meth.name}(${actual})`);
    }
  }
  return lines.join('\n');
}

/** `MAPI_IMSGSTORE_METHODS(IPURE)`-style method lists of the SDK headers. */
export function methodListMacros(): string {
  const lines: string[] = [];
  for (const i of INTERFACES) {
    const name = `MAPI_${i.name.toUpperCase()}_METHODS`;
    const decls = i.methods.map((meth) => {
      const params = meth.params ? `THIS_ ${meth.params}` : 'THIS';
      return meth.returns === 'HRESULT' ? `MAPIMETHOD(${meth.name}) (${params}) IPURE;` : `MAPIMETHOD_(${meth.returns}, ${meth.name}) (${params}) IPURE;`;
    });
    lines.push(`#define ${name}(IPURE) ${decls.join(' ')}`);
  }
  return lines.join('\n');
}
