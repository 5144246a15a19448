// The program as the engine analyses it: plain data lowered from the syntax tree (lower.ts). Declarations
// (classes, functions, globals, typedefs, enumerators) and function bodies as statements and expressions.
// Offsets `s`/`e` are in the preprocessed text of the file; `FileUnit` (unit.ts) maps them to the user's text.
// Plain data: it crosses worker threads and is cached per file version.

export interface TypeRef {
  /** The type as written, whitespace normalised (`const CComPtr<IMAPISupport>`). */
  text: string;
  /** The last component of the named type (`CComPtr`, `IMAPISupport`, `ULONG`, `_IMS`). */
  name: string;
  /** Scope components before the name (`Microsoft::WRL::ComPtr` → ['Microsoft', 'WRL']). */
  scope: string[];
  /** Template arguments. */
  args: TypeRef[];
  /** Pointer depth from `*` (typedefs are resolved later by the model). */
  ptr: number;
  ref: boolean;
  /** `struct X` / `class X` / `union X` / `enum X` elaborated type. */
  tag?: 'struct' | 'class' | 'union' | 'enum';
  /** A function pointer type `R (*)(params)`. */
  fnptr?: boolean;
  /** Array declarator `T x[n]`. */
  array?: boolean;
}

export type Expr =
  | { k: 'num'; v: number; s: number; e: number }
  | { k: 'str'; s: number; e: number }
  | { k: 'bool'; v: boolean; s: number; e: number }
  | { k: 'null'; s: number; e: number }
  | { k: 'this'; s: number; e: number }
  | { k: 'id'; name: string; s: number; e: number }
  | { k: 'qid'; scope: string[]; name: string; s: number; e: number; /** Template arguments of the last scope component (`CComObject<T>::CreateInstance`). */ stargs?: TypeRef[] }
  | { k: 'field'; obj: Expr; name: string; arrow: boolean; s: number; e: number }
  | { k: 'index'; obj: Expr; index: Expr; s: number; e: number }
  | { k: 'call'; fn: Expr; args: Expr[]; s: number; e: number; targs?: TypeRef[] }
  | { k: 'unary'; op: string; arg: Expr; s: number; e: number }
  | { k: 'binary'; op: string; l: Expr; r: Expr; s: number; e: number }
  | { k: 'assign'; op: string; l: Expr; r: Expr; s: number; e: number }
  | { k: 'update'; op: '++' | '--'; prefix: boolean; arg: Expr; s: number; e: number }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr; s: number; e: number }
  | { k: 'cast'; type: TypeRef; arg: Expr; s: number; e: number }
  | { k: 'sizeof'; s: number; e: number }
  | { k: 'new'; type: TypeRef; args: Expr[]; array: boolean; s: number; e: number }
  | { k: 'delete'; arg: Expr; array: boolean; s: number; e: number }
  | { k: 'lambda'; fn: FunctionIR; byRef: boolean; s: number; e: number }
  | { k: 'comma'; l: Expr; r: Expr; s: number; e: number }
  | { k: 'init'; items: Expr[]; s: number; e: number; designators?: (string | undefined)[] }
  | { k: 'offsetof'; type: TypeRef; member: string; s: number; e: number }
  | { k: 'tmpl'; name: string; scope: string[]; targs: TypeRef[]; s: number; e: number }
  | { k: 'unknown'; s: number; e: number };

export interface VarDecl {
  name: string;
  type: TypeRef;
  /** `= x`, `(a, b)`, `{a, b}`. */
  init?: Expr;
  /** Constructor arguments: `T x(a, b)` / `T x{a, b}`. */
  ctorArgs?: Expr[];
  isStatic?: boolean;
  s: number;
  e: number;
  nameS: number;
  nameE: number;
}

export type Stmt =
  | { k: 'block'; body: Stmt[]; s: number; e: number }
  | { k: 'expr'; e0: Expr; s: number; e: number }
  | { k: 'decl'; vars: VarDecl[]; s: number; e: number }
  | { k: 'if'; init?: Stmt; cond: Expr; condDecl?: VarDecl; then: Stmt; else?: Stmt; s: number; e: number }
  | { k: 'while'; cond: Expr; condDecl?: VarDecl; body: Stmt; s: number; e: number }
  | { k: 'do'; body: Stmt; cond: Expr; s: number; e: number }
  | { k: 'for'; init?: Stmt; cond?: Expr; update?: Expr; body: Stmt; s: number; e: number }
  | { k: 'range'; decl: VarDecl; range: Expr; body: Stmt; s: number; e: number }
  | { k: 'switch'; cond: Expr; body: Stmt; s: number; e: number }
  | { k: 'case'; value?: Expr; body: Stmt[]; s: number; e: number }
  | { k: 'return'; value?: Expr; s: number; e: number }
  | { k: 'break'; s: number; e: number }
  | { k: 'continue'; s: number; e: number }
  | { k: 'goto'; label: string; s: number; e: number }
  | { k: 'label'; name: string; body?: Stmt; s: number; e: number }
  | { k: 'try'; body: Stmt; handlers: Stmt[]; s: number; e: number }
  | { k: 'throw'; s: number; e: number }
  | { k: 'empty'; s: number; e: number }
  | { k: 'unknown'; s: number; e: number };

export interface ParamIR {
  name?: string;
  type: TypeRef;
  /** `T p = value`: the caller may leave it out. */
  dflt?: Expr;
}

export interface CtorInit {
  /** Member or base class name. */
  name: string;
  args: Expr[];
  s: number;
  e: number;
}

export interface FunctionIR {
  /** Index of the function in its file (stable id within a file version). */
  id: number;
  name: string;
  /** Qualifying scope: namespaces and classes (`['KC', 'ECMsgStore', 'xMsgStore']` for a nested class's method). */
  scope: string[];
  /** For an out-of-line definition `A::B::f`, the written qualifiers (['A', 'B']). */
  written: string[];
  params: ParamIR[];
  variadic: boolean;
  returns?: TypeRef;
  body?: Stmt & { k: 'block' };
  ctorInits: CtorInit[];
  isCtor: boolean;
  isDtor: boolean;
  isVirtual: boolean;
  isPure: boolean;
  isStatic: boolean;
  isOverride: boolean;
  /** A const member function (`void f() const`): it overrides only a const virtual of a base. */
  isConst?: boolean;
  /** Declared in a class body (inline definition or declaration). */
  inClass: boolean;
  /** Access in its class (the in-class declaration's, for an out-of-line definition). */
  access?: 'public' | 'protected' | 'private';
  /** `= default`: the compiler's version (a defaulted constructor runs the member initializers). */
  isDefaulted?: boolean;
  /** `= delete`. */
  isDeleted?: boolean;
  templateParams: string[];
  /** A lambda's body (then `scope` is the enclosing function's). */
  isLambda?: boolean;
  s: number;
  e: number;
  nameS: number;
  nameE: number;
}

export interface FieldIR {
  name: string;
  type: TypeRef;
  init?: Expr;
  isStatic: boolean;
  s: number;
  e: number;
}

export interface BaseIR {
  type: TypeRef;
  isVirtual: boolean;
}

export interface ClassIR {
  name: string;
  /** Enclosing namespaces and classes. */
  scope: string[];
  kind: 'class' | 'struct' | 'union';
  templateParams: string[];
  bases: BaseIR[];
  fields: FieldIR[];
  methods: FunctionIR[];
  /** Has a body (not a forward declaration). */
  defined: boolean;
  s: number;
  e: number;
  nameS: number;
  nameE: number;
}

export interface GlobalIR {
  name: string;
  scope: string[];
  type: TypeRef;
  init?: Expr;
  isStatic: boolean;
  isExtern: boolean;
  s: number;
  e: number;
}

export interface TypedefIR {
  name: string;
  scope: string[];
  type: TypeRef;
  templateParams: string[];
  s: number;
  e: number;
}

export interface EnumIR {
  name?: string;
  scope: string[];
  values: { name: string; value?: Expr; s: number; e: number }[];
}

export interface FileIR {
  classes: ClassIR[];
  /** Free functions and out-of-line method definitions. */
  functions: FunctionIR[];
  globals: GlobalIR[];
  typedefs: TypedefIR[];
  enums: EnumIR[];
  /** Where the parser could not read the text (first few). */
  errors: { s: number; e: number }[];
  /** Set when code nested deeper than the lowering goes was left out: where it starts. */
  tooDeep?: { s: number; e: number };
}
