/**
 * cdktf's App reads extra context from the environment variable CDKTF_CONTEXT_JSON when synth
 * builds it (cdktf lib/app.ts, App.loadContext: JSON.parse, then Object.entries). One that is not
 * a JSON object fails there, as an internal error: it is checked first, as a setting of the user's.
 */
import { UserError } from "../diagnostics";

export const CONTEXT_ENV = "CDKTF_CONTEXT_JSON";

/** Throws a UserError naming the variable (never its value: context may hold credentials). */
export function checkContextEnv(env: NodeJS.ProcessEnv = process.env): void {
  const text = env[CONTEXT_ENV];
  // cdktf reads an empty value as no context.
  if (text === undefined || text === "") return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError(
      `the environment variable ${CONTEXT_ENV} (cdktf's App reads it) is not a JSON object: unset it, or make it one`,
    );
  }
}
