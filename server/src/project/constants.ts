// The names both shells agree on: which files are sources, where the configuration is, what is never walked.
// No imports: the VS Code client bundles this file (through lsp/protocol.ts).

/** Extensions of the files a directory walk picks (compared in lower case). */
export const SOURCE_EXTENSIONS = ['.c', '.cc', '.cpp', '.cxx', '.h', '.hh', '.hpp', '.hxx'] as const;

export const CONFIG_FILE_NAME = '.mapilintrc.json';

/** Directory names a walk never enters, wherever they are. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Files found by walking that are larger than this are skipped with a note (`maxFileSize` overrides it). */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

/** Whether `name` (a path or a base name) has one of the SOURCE_EXTENSIONS, in any case. */
export function hasSourceExtension(name: string): boolean {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const base = name.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return false; // no extension, or a dot file such as ".c"
  const ext = base.slice(dot).toLowerCase();
  return (SOURCE_EXTENSIONS as readonly string[]).includes(ext);
}
