// Types of the lblint npm package (hand-written; test/api.test.mjs checks them against the module).

/** The operations lblint validates (ids as in `lblint --operation`). */
export type OperationId =
  | 'aliyun.slb.CreateMasterSlaveServerGroup'
  | 'huaweicloud.elb.v3.CreateMasterSlavePool'
  | 'huaweicloud.elb.v3.CreateMember';

/** The Alibaba documentation editions (`--edition`); aliases `2026`, `latest`, `2024`, `legacy` are accepted too. */
export type Edition = '2026-03-02' | '2024-03-14' | '2019';

export type Severity = 'error' | 'warning' | 'info';

/** One finding: the fields of the CLI's `--format json` diagnostics, minus `file` and `operation`. */
export interface Diagnostic {
  /** The error code the provider's API would return, e.g. `ELB.8902` or `InvalidParameter`. */
  code: string;
  /** lblint's stable rule id, e.g. `aliyun/servers-roles`. */
  rule: string;
  severity: Severity;
  /** JSON Pointer into the request as written (`""` is the whole request). */
  path: string;
  message: string;
  /** A suggestion; absent when there is none. */
  help?: string;
  /** 1-based line: present only when the request was given as a JSON string (and located). */
  line?: number;
  /** 1-based column in characters: present only with `line`. */
  column?: number;
}

export interface Report {
  /** The operation the request was validated as; null only when it was to be inferred and the
   * request is not valid JSON (the one diagnostic is then `lblint/syntax`, code `InvalidJSON`). */
  operation: OperationId | null;
  /** Sorted by line and column when known, then path, then rule id. */
  diagnostics: Diagnostic[];
}

/** Facts about the environment (the CLI's `--context` file). Every key is optional; unknown keys throw. */
export interface Context {
  loadbalancer?: {
    /** Huawei: shared or dedicated load balancer. */
    kind?: 'shared' | 'dedicated';
    /** Huawei: whether IP as a Backend is enabled. */
    ip_target_enable?: boolean;
    /** Alibaba: the CLB instance edition. */
    edition?: 'performance' | 'shared';
  };
  listener?: {
    /** The listener protocol, e.g. `TCP`. */
    protocol?: string;
  };
  /** Huawei CreateMember: the existing pool the member joins. */
  pool?: {
    protocol?: string;
    ip_version?: 'v4' | 'v6' | 'dualstack' | (string & {});
    type?: 'ip' | 'instance' | '' | (string & {});
    lb_algorithm?: string;
    any_port_enable?: boolean;
    members?: Array<{ address: string; protocol_port?: number }>;
  };
  /** Subnet CIDRs by `subnet_cidr_id`, e.g. `{"c09f...": "10.0.0.0/24"}`. */
  subnets?: Record<string, string>;
}

export interface ValidateOptions {
  /** Which Alibaba documentation edition to follow (default `2026-03-02`). */
  edition?: Edition | '2026' | 'latest' | '2024' | 'legacy';
}

export interface OperationInfo {
  id: OperationId;
  provider: 'aliyun' | 'huaweicloud';
  title: string;
}

export interface RuleInfo {
  id: string;
  operations: OperationId[];
  code: string;
  severity: Severity;
  summary: string;
  why: string;
  source: { doc: string; quote: string };
}

export interface BuiltinInfo {
  id: string;
  severity: Severity;
  /** `*` means the operation's generic code. */
  code: string;
  summary: string;
}

export interface KnownCode {
  code: string;
  operation: OperationId;
  /** The provider's message for the code. */
  message: string;
  /** Why lblint cannot check it before the call. */
  note: string;
}

export interface Catalogue {
  rules: RuleInfo[];
  builtins: BuiltinInfo[];
  known_codes: KnownCode[];
}

export type ErrorKind = 'operation' | 'context' | 'edition' | 'argument' | 'internal' | 'init';

/** Thrown for a wrong call (unknown operation, invalid context), never for a bad request. */
export class LblintError extends Error {
  readonly kind: ErrorKind;
}

/** What `init` can load the module from; by default the .wasm next to the package's index.js. */
export type InitSource = string | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and compiles the module once; await it before anything else. */
export function init(source?: InitSource): Promise<void>;
export default init;

/**
 * Validates a request: a JSON string (diagnostics carry `line`/`column`) or a value (they do not).
 * `operation` null infers it from the content. Throws LblintError only for a wrong call.
 */
export function validate(
  operation: OperationId | null,
  request: unknown,
  context?: Context | string | null,
  options?: ValidateOptions | null,
): Report;

export function rules(): Catalogue;
export function operations(): OperationInfo[];

/** How many times the module was re-instantiated after a trap. */
export function restartCount(): number;
