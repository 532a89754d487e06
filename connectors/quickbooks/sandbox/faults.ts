// The error bodies QuickBooks Online answers with, reproduced from Intuit's documentation and
// from responses recorded by other integrations: API faults are `{"Fault":{"Error":[...],"type"}}`
// with a string `code`; the gateway's authentication failures are lower-case
// `{"fault":{"error":[...],"type":"AUTHENTICATION"}}`.
import { formatQboResponseTime } from './qbo-time.ts';

export interface QboFaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export interface QboFaultBody {
  Fault: { Error: QboFaultError[]; type: string };
  time: string;
}

/** A QuickBooks fault raised inside the double; the HTTP layer renders it as the real API does. */
export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    readonly faultMessage: string,
    readonly detail: string,
    readonly element = '',
  ) {
    super(`${faultMessage}: ${detail} (QuickBooks fault ${code})`);
    this.name = 'QboFault';
  }

  body(nowMs: number): QboFaultBody {
    const error: QboFaultError = { Message: this.faultMessage, Detail: this.detail, code: this.code };
    if (this.element !== '') error.element = this.element;
    return { Fault: { Error: [error], type: this.type }, time: formatQboResponseTime(nowMs) };
  }
}

export const qboFaults = {
  queryParser: (detail: string) =>
    new QboFault(400, 'ValidationFault', '4000', 'Error parsing query', `QueryParserError: ${detail}`),
  queryValidation: (detail: string) =>
    new QboFault(400, 'ValidationFault', '4001', 'Invalid query', `QueryValidationError: ${detail}`),
  staleObject: () =>
    new QboFault(
      400,
      'ValidationFault',
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and sandbox were working on this at the same time. sandbox finished before you did, so your work was not saved.',
    ),
  objectNotFound: (entity: string, id: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '610',
      'Object Not Found',
      `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
    ),
  unsupportedProperty: (property: string, detail: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:${property} specified is unsupported or invalid: ${detail}`,
      property,
    ),
  requiredParameter: (property: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '2020',
      'Required param missing, need to supply the required value for the API',
      `Required parameter ${property} is missing in the request`,
      property,
    ),
  stringLength: (property: string, max: number) =>
    new QboFault(
      400,
      'ValidationFault',
      '2050',
      'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length is too long for ${property}`,
      property,
    ),
  invalidReference: (detail: string) =>
    new QboFault(400, 'ValidationFault', '2500', 'Invalid Reference Id', `Invalid Reference Id : ${detail}`),
  duplicateName: (name: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '6240',
      'Duplicate Name Exists Error',
      `The name supplied already exists. : Another customer is already using this name (${name}). Please use a different name.`,
    ),
  businessValidation: (detail: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${detail}`,
    ),
  invalidChangedSince: (detail: string) =>
    new QboFault(400, 'ValidationFault', '4000', 'Invalid changedSince', detail),
  systemFailure: () =>
    new QboFault(
      500,
      'SystemFault',
      '10000',
      'An application error has occurred while processing your request',
      'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.',
    ),
  unsupportedOperation: (detail: string) =>
    new QboFault(
      400,
      'ValidationFault',
      '500',
      'Unsupported Operation',
      `Operation ${detail} is not supported.`,
    ),
};

export function isQboFault(value: unknown): value is QboFault {
  return value instanceof QboFault;
}

/** 401 from Intuit's gateway: an expired, revoked or malformed bearer token. */
export function authenticationFailedBody(detail: string, nowMs: number): unknown {
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          detail,
          code: '3200',
          element: null,
        },
      ],
      type: 'AUTHENTICATION',
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/** 403: a valid token used on a company it was not issued for. */
export function authorizationFailedBody(nowMs: number): QboFaultBody {
  return {
    Fault: {
      Error: [
        {
          Message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
          Detail: 'The token was not issued for this company (realmId).',
          code: '3100',
        },
      ],
      type: 'AUTHORIZATION',
    },
    time: formatQboResponseTime(nowMs),
  };
}

/** 429: over 500 requests a minute, or over 10 at once, for one company. */
export function throttleExceededBody(nowMs: number): QboFaultBody {
  return {
    Fault: {
      Error: [
        {
          Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
          Detail: 'The request limit was reached.  Try again later',
          code: '3001',
        },
      ],
      type: 'SERVICE',
    },
    time: formatQboResponseTime(nowMs),
  };
}

/** What a gateway in front of the API answers while the service is down: HTML, not JSON. */
export const SERVICE_UNAVAILABLE_HTML =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';
