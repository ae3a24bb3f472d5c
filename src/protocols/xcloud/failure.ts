import { XCLOUD_MESSAGES } from './status.js';

/** Answers a status of the document directly (with the document's message unless told one). */
export class XcloudFailure extends Error {
  constructor(
    readonly status: number,
    detail?: string,
  ) {
    super(detail ? `${XCLOUD_MESSAGES[status] ?? ''}: ${detail}` : (XCLOUD_MESSAGES[status] ?? ''));
  }
}
