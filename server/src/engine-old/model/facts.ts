// Per-file facts read off the syntax tree: classes and structs with their fields and bases, function
// definitions, typedefs, numeric constants. The provider model (model.ts) merges the facts of all files.
import type { SyntaxNode } from '../parse/parser';
import type { Loc } from '../types';
import { nodeLoc } from './loc';

export interface FieldFact {
  name: string;
  /** Type text without declarator punctuation, spaces collapsed (e.g. `CComPtr<IMAPISupport>`). */
  type: string;
  /** The declarator added a `*` (or the type is an array of pointers, which we treat alike). */
  pointer: boolean;
  /** The type node is a template instance (`CComPtr<...>`). */
  templated: boolean;
  loc: Loc;
}

export interface BaseRef {
  name: string;
  /** Type names inside the template arguments: `CUnknownImpl<IMsgStore>` gives ['IMsgStore']. */
  args: string[];
}

export interface ClassFact {
  name: string;
  file: string;
  loc: Loc;
  bases: BaseRef[];
  fields: FieldFact[];
  templateParams: string[];
}

export interface ParamFact {
  name: string;
  type: string;
  pointer: boolean;
}

export interface FunctionFact {
  /** Simple name: `Release`, `~CStore`, `IMS_Release`. */
  name: string;
  /** Owning class for methods (`CStore::Release` or defined in the class body). */
  scope?: string;
  file: string;
  loc: Loc;
  params: ParamFact[];
  body: SyntaxNode;
  /** Constructor member initialisers: `m_cRef(1)`. */
  initializers: { field: string; value: SyntaxNode | undefined }[];
}

export interface TypedefFact {
  target: string;
  pointer: boolean;
}

export interface FileFacts {
  file: string;
  classes: ClassFact[];
  functions: FunctionFact[];
  typedefs: Map<string, TypedefFact>;
  constants: Map<string, number>;
  /** Object-like #defines whose value is not a plain number, by name: evaluated on demand. */
  defines: Map<string, string>;
  /** Every macro name #defined in the file (object-like or function-like), for #ifdef inside functions. */
  macros: Set<string>;
}

/** Collapse whitespace in a type's text: `CComPtr < IMAPISupport >` and `CComPtr<IMAPISupport>` are one type. */
export function typeText(node: SyntaxNode | null): string {
  if (!node) return '';
  if (node.type === 'struct_specifier' || node.type === 'class_specifier' || node.type === 'union_specifier') {
    const name = node.childForFieldName('name');
    return name ? name.text : '';
  }
  return node.text.replace(/\s+/g, '');
}

/** Walk a declarator down to its name, noting pointers on the way. */
export function unwrapDeclarator(node: SyntaxNode | null): { name: SyntaxNode | null; pointer: boolean; fn: SyntaxNode | null } {
  let pointer = false;
  let fn: SyntaxNode | null = null;
  let cur = node;
  for (let guard = 0; cur && guard < 64; guard++) {
    switch (cur.type) {
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        pointer = true;
        cur = cur.childForFieldName('declarator');
        continue;
      case 'reference_declarator':
      case 'parenthesized_declarator':
      case 'init_declarator':
      case 'attributed_declarator':
        cur = cur.childForFieldName('declarator') ?? cur.namedChild(0);
        continue;
      case 'array_declarator':
        cur = cur.childForFieldName('declarator');
        continue;
      case 'function_declarator':
        fn = fn ?? cur;
        cur = cur.childForFieldName('declarator');
        continue;
      default:
        return { name: cur, pointer, fn };
    }
  }
  return { name: cur, pointer, fn };
}

function templateArgNames(node: SyntaxNode): string[] {
  const out: string[] = [];
  const args = node.childForFieldName('arguments');
  if (!args) return out;
  const stack: SyntaxNode[] = [args];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'type_identifier' || n.type === 'identifier') out.push(n.text);
    for (const c of n.namedChildren) stack.push(c);
  }
  return out;
}

function baseRefs(clause: SyntaxNode | null): BaseRef[] {
  if (!clause) return [];
  const refs: BaseRef[] = [];
  for (const c of clause.namedChildren) {
    if (c.type === 'template_type') {
      const n = c.childForFieldName('name');
      refs.push({ name: lastComponent(n ? n.text : c.text), args: templateArgNames(c) });
    } else if (c.type === 'type_identifier' || c.type === 'qualified_identifier') {
      refs.push({ name: lastComponent(c.text), args: [] });
    }
  }
  return refs;
}

export function lastComponent(name: string): string {
  const noArgs = name.replace(/<.*$/s, '');
  const i = noArgs.lastIndexOf('::');
  return (i >= 0 ? noArgs.slice(i + 2) : noArgs).trim();
}

function fieldsOf(file: string, body: SyntaxNode): FieldFact[] {
  const fields: FieldFact[] = [];
  for (const decl of body.namedChildren) {
    if (decl.type !== 'field_declaration') continue;
    const typeNode = decl.childForFieldName('type');
    const type = typeText(typeNode);
    // `struct { LPMAPISUP psup; BOOL fOff; } m_ctx;`: the inner fields are members too, as `m_ctx.psup`.
    const anonymousBody = (typeNode?.type === 'struct_specifier' || typeNode?.type === 'union_specifier') && !typeNode.childForFieldName('name') ? typeNode.childForFieldName('body') : null;
    for (const d of decl.childrenForFieldName('declarator')) {
      const u = unwrapDeclarator(d);
      if (u.fn || !u.name) continue; // a method declaration, not a field
      if (u.name.type !== 'field_identifier' && u.name.type !== 'identifier') continue;
      fields.push({
        name: u.name.text,
        type,
        pointer: u.pointer,
        templated: typeNode?.type === 'template_type',
        loc: nodeLoc(file, u.name),
      });
      if (anonymousBody && !u.pointer) for (const inner of fieldsOf(file, anonymousBody)) fields.push({ ...inner, name: `${u.name.text}.${inner.name}` });
    }
  }
  return fields;
}

function paramsOf(fnDecl: SyntaxNode | null): ParamFact[] {
  const list = fnDecl?.childForFieldName('parameters');
  if (!list) return [];
  const params: ParamFact[] = [];
  for (const p of list.namedChildren) {
    if (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration') continue;
    const type = typeText(p.childForFieldName('type'));
    const u = unwrapDeclarator(p.childForFieldName('declarator'));
    if (!u.name && (type === 'void' || type === '')) continue;
    params.push({ name: u.name ? u.name.text : '', type, pointer: u.pointer });
  }
  return params;
}

function functionFact(file: string, def: SyntaxNode, enclosingClass: string | undefined): FunctionFact | undefined {
  const body = def.childForFieldName('body');
  if (!body || body.type !== 'compound_statement') return undefined;
  const u = unwrapDeclarator(def.childForFieldName('declarator'));
  if (!u.fn || !u.name) return undefined;
  let name: string;
  let scope = enclosingClass;
  const n = u.name;
  if (n.type === 'qualified_identifier') {
    // Class::Method, Class<T>::Method, ns::Class::~Class
    let q: SyntaxNode = n;
    let scopeNode: SyntaxNode | null = null;
    for (let guard = 0; q.type === 'qualified_identifier' && guard < 16; guard++) {
      scopeNode = q.childForFieldName('scope');
      const next = q.childForFieldName('name');
      if (!next) break;
      q = next;
    }
    name = q.type === 'destructor_name' ? `~${q.text.replace(/^~\s*/, '')}` : q.text;
    if (scopeNode) scope = lastComponent(scopeNode.type === 'template_type' ? scopeNode.childForFieldName('name')?.text ?? scopeNode.text : scopeNode.text);
  } else if (n.type === 'destructor_name') {
    name = `~${n.text.replace(/^~\s*/, '')}`;
  } else {
    name = n.text;
  }
  const initializers: FunctionFact['initializers'] = [];
  for (const c of def.namedChildren) {
    if (c.type !== 'field_initializer_list') continue;
    for (const fi of c.namedChildren) {
      if (fi.type !== 'field_initializer') continue;
      const field = fi.namedChild(0);
      const args = fi.namedChildren.find((x) => x.type === 'argument_list' || x.type === 'initializer_list');
      if (field) initializers.push({ field: field.text, value: args?.namedChild(0) ?? undefined });
    }
  }
  return { name, scope, file, loc: nodeLoc(file, n), params: paramsOf(u.fn), body, initializers };
}

function numericValue(text: string): number | undefined {
  const t = text.trim().replace(/^\((.*)\)$/s, '$1').replace(/[uUlL]+$/, '').trim();
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16) | 0;
  if (/^-?\d+$/.test(t)) return Number.parseInt(t, 10);
  return undefined;
}

const SPECIFIERS = new Set(['class_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier']);
const NOT_DECLARATIONS = new Set(['comment', 'expression_statement', 'compound_statement', 'return_statement', 'preproc_include', 'preproc_call']);

/**
 * Read the facts of one parsed file. Walks with a tree cursor and descends only into nodes that can hold
 * declarations: a large file of plain declarations costs one cursor step per node, not one object each.
 */
export function extractFacts(file: string, root: SyntaxNode): FileFacts {
  const facts: FileFacts = { file, classes: [], functions: [], typedefs: new Map(), constants: new Map(), defines: new Map(), macros: new Set() };

  const visit = (node: SyntaxNode, cls: string | undefined, templateParams: string[], depth: number): void => {
    switch (node.type) {
      case 'function_definition': {
        const f = functionFact(file, node, cls);
        if (f) facts.functions.push(f);
        return; // bodies hold no declarations we model
      }
      case 'class_specifier':
      case 'struct_specifier': {
        const nameNode = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        if (nameNode && body) {
          const name = lastComponent(nameNode.text);
          facts.classes.push({
            name,
            file,
            loc: nodeLoc(file, nameNode),
            bases: baseRefs(node.namedChildren.find((c) => c.type === 'base_class_clause') ?? null),
            fields: fieldsOf(file, body),
            templateParams,
          });
          scanChildren(body, name, [], depth);
        }
        return;
      }
      case 'template_declaration': {
        const params: string[] = [];
        const list = node.childForFieldName('parameters');
        for (const p of list?.namedChildren ?? []) {
          const id = p.descendantsOfType('type_identifier')[0];
          if (id) params.push(id.text);
        }
        for (const c of node.namedChildren) if (c !== list) visit(c, cls, params, depth + 1);
        return;
      }
      case 'type_definition': {
        const typeNode = node.childForFieldName('type');
        if (typeNode) visit(typeNode, cls, [], depth + 1);
        const target = typeText(typeNode);
        for (const d of node.childrenForFieldName('declarator')) {
          const u = unwrapDeclarator(d);
          if (u.name && !u.fn) facts.typedefs.set(u.name.text, { target, pointer: u.pointer });
        }
        return;
      }
      case 'preproc_function_def': {
        const name = node.childForFieldName('name');
        if (name) facts.macros.add(name.text);
        return;
      }
      case 'preproc_def': {
        const name = node.childForFieldName('name');
        if (name) facts.macros.add(name.text);
        const value = node.childForFieldName('value');
        const v = value ? numericValue(value.text) : undefined;
        if (name && v !== undefined) facts.constants.set(name.text, v);
        else if (name && value && value.text.length < 200) facts.defines.set(name.text, value.text.trim());
        return;
      }
      case 'enumerator_list': {
        let next = 0;
        for (const e of node.namedChildren) {
          if (e.type !== 'enumerator') continue;
          const name = e.childForFieldName('name');
          const value = e.childForFieldName('value');
          const v = value ? numericValue(value.text) : next;
          if (v === undefined) break;
          if (name) facts.constants.set(name.text, v);
          next = v + 1;
        }
        return;
      }
      default:
        if (!NOT_DECLARATIONS.has(node.type)) scanChildren(node, cls, templateParams, depth);
    }
  };

  const scanChildren = (node: SyntaxNode, cls: string | undefined, templateParams: string[], depth: number): void => {
    if (depth > 200) return; // absurd nesting: what lies deeper is not a provider's declaration
    const cursor = node.walk();
    if (!cursor.gotoFirstChild()) return;
    do {
      if (!cursor.nodeIsNamed) continue;
      const t = cursor.nodeType;
      if (NOT_DECLARATIONS.has(t)) continue;
      if (t === 'declaration' || t === 'field_declaration') {
        // `int x;` holds nothing; `struct S {...} s;` or `enum {...} e;` holds a type to read.
        if (!cursor.gotoFirstChild()) continue;
        do {
          if (SPECIFIERS.has(cursor.nodeType)) visit(cursor.currentNode, cls, templateParams, depth + 1);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
        continue;
      }
      visit(cursor.currentNode, cls, templateParams, depth + 1);
    } while (cursor.gotoNextSibling());
  };

  visit(root, undefined, [], 0);
  return facts;
}

