// Where a rule's page is: the one place that knows the documentation's addresses. The pages' one source is
// docs/rules/ of this repository; the npm package and the VSIX ship that folder, and by default the shells link
// the shipped copy (a file: URL), so that nothing depends on a hosted copy existing. DOCS_BASE_URL is where a
// hosted copy would be (the repository's address is not real yet): the CLI's --docs-base-url and the editor's
// mapiLint.docsBaseUrl choose it, or another one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const DOCS_BASE_URL = 'https://github.com/mapi-lint/mapi-lint/blob/main/docs/rules/';
/** The project's home page, as SARIF's informationUri wants one. */
export const PROJECT_URL = 'https://github.com/mapi-lint/mapi-lint';

export function ruleDocUrl(id: string, base: string = DOCS_BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}${id}.md`;
}

/**
 * The rule pages shipped beside the code that runs: docs/rules/ at the package root, found from the folder of
 * the running bundle (dist/) or of the compiled module (out/server/src/<shell>/). A file: URL of the folder, or
 * the hosted address when no copy is there.
 */
export function bundledDocsBase(fromDir: string): string {
  for (const up of ['..', path.join('..', '..', '..', '..')]) {
    const dir = path.resolve(fromDir, up, 'docs', 'rules');
    if (fs.existsSync(path.join(dir, 'README.md'))) return `${pathToFileURL(dir).href}/`;
  }
  return DOCS_BASE_URL;
}
