// Where a rule's page is: the one place that knows the documentation's address.
export const DOCS_BASE_URL = 'https://github.com/mapi-lint/mapi-lint/blob/main/docs/rules/';

export function ruleDocUrl(id: string, base: string = DOCS_BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}${id}.md`;
}
