// The one SCIM error type (RFC 7644 §3.12). Everything the gateway answers with a non-2xx
// status is a ScimError by the time it leaves the scim-errors middleware.

import { ERROR_URN } from './urns.js';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** RFC 7644 §3.12 Table 9: which scimType goes with which status. */
const allowedTypes: Partial<Record<number, readonly ScimType[]>> = {
  400: ['invalidFilter', 'tooMany', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'],
  409: ['uniqueness'],
  413: ['tooMany'],
};

export interface ScimErrorBody {
  schemas: [typeof ERROR_URN];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  /** koa convention: the message is written for the client and may be shown. */
  readonly expose = true;
  /** Extra response headers (Allow on 405, Retry-After on 429, WWW-Authenticate on 401). */
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScimError';
    this.headers = options?.headers ?? {};
    if (scimType && !allowedTypes[status]?.includes(scimType)) {
      throw new TypeError(`scimType ${scimType} is not defined for status ${status}`);
    }
  }

  toJSON(): ScimErrorBody {
    return {
      schemas: [ERROR_URN],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const invalidFilter = (detail: string) => new ScimError(400, 'invalidFilter', detail);
export const invalidPath = (detail: string) => new ScimError(400, 'invalidPath', detail);
export const invalidValue = (detail: string) => new ScimError(400, 'invalidValue', detail);
export const invalidSyntax = (detail: string) => new ScimError(400, 'invalidSyntax', detail);
export const noTarget = (detail: string) => new ScimError(400, 'noTarget', detail);
export const mutability = (detail: string) => new ScimError(400, 'mutability', detail);
