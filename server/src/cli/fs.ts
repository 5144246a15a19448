// Moved to the project layer (server/src/project/fs.ts). This re-export keeps write.ts and fix.ts compiling
// while they are being changed; once they import '../project/fs', this file goes.
export { describeFsError, errorCode, nodeFs, type FsLike } from '../project/fs';
