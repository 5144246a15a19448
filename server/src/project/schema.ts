// The JSON schema of .mapilintrc.json, built from the engine's rule catalog. The CLI and the language server
// validate with it (config.ts); VS Code validates the file as it is edited with the checked-in copy,
// server/schema/mapilintrc.schema.json (package.json `contributes.jsonValidation`), which a test keeps equal
// to `schemaText()`.
import { RULE_CATALOG } from '../engine';
import { CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE } from './constants';

/** The settings of a configuration file, in the order they are documented. */
export const CONFIG_SETTINGS = ['rules', 'ignore', 'defines', 'maxFileSize'] as const;

export const RULE_LEVELS = ['off', 'warning', 'error'] as const;

/** A C identifier: the name of a macro in `defines`. */
const MACRO_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

export function configSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `mapi-lint configuration (${CONFIG_FILE_NAME})`,
    description:
      'The nearest file upwards from a source file governs it (no merging). Comments and trailing commas are allowed.',
    // Read by VS Code's JSON language service: the file is JSONC whatever its extension says.
    allowComments: true,
    allowTrailingCommas: true,
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file (for editors).' },
      rules: {
        type: 'object',
        description: 'Rule levels: "off", "warning" or "error". Rules not listed keep their default level.',
        additionalProperties: false,
        properties: Object.fromEntries(
          RULE_CATALOG.map((r) => [r.id, { enum: [...RULE_LEVELS], description: r.short, default: r.defaultSeverity }]),
        ),
      },
      ignore: {
        type: 'array',
        description:
          'Globs relative to the folder of this file, anchored there: * ? ** [a-z] {a,b}; "**/name" matches at any depth, a trailing "/" matches folders only.',
        items: { type: 'string', pattern: '\\S', not: { type: 'string', pattern: '^!' } },
      },
      defines: {
        type: 'object',
        description: 'Macros for the evaluation of #if and #ifdef: "NAME": "value", or true for 1.',
        propertyNames: { pattern: MACRO_NAME_PATTERN },
        additionalProperties: { anyOf: [{ type: 'string' }, { const: true }] },
      },
      maxFileSize: {
        type: 'integer',
        minimum: 1,
        description:
          `Files larger than this many bytes are skipped (with a note) when a folder is walked; files named on the command line are always checked. Default: ${DEFAULT_MAX_FILE_SIZE} (16 MB).`,
      },
    },
  };
}

/** The text of server/schema/mapilintrc.schema.json. */
export function schemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}
