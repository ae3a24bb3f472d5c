/** What a receiver answered to a form POST, or why it could not be asked. */
export interface FormPostResult {
  httpStatus: number | null;
  /** The response body (at most `excerptLength` characters), or the network error. */
  body: string;
  latencyMs: number;
}

export interface FormPostOptions {
  timeoutMs?: number;
  excerptLength?: number;
}

/** POSTs an application/x-www-form-urlencoded body; never throws for the receiver's failures. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  options: FormPostOptions = {},
): Promise<FormPostResult> {
  const started = performance.now();
  const excerptLength = options.excerptLength ?? 512;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    return {
      httpStatus: response.status,
      body: body.slice(0, excerptLength),
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      httpStatus: null,
      body: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(
        0,
        excerptLength,
      ),
      latencyMs: Math.round(performance.now() - started),
    };
  }
}
