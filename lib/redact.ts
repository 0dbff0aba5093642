/**
 * The last line of defence for secrets: every message printed about a run has the run's secret
 * values (direct env secret values, Docker config contents) replaced, whatever produced it.
 * Messages are written not to quote secrets in the first place; this catches what slips through.
 */

/** Shorter values are too common as text ("true", line numbers) to be replaced safely. */
export const MIN_SECRET_LENGTH = 4;
export const REDACTED = "<redacted>";

/** Secret values of a manifest document as written (valid or not): spec.env.secrets.*.value. */
export function secretValuesOf(document: unknown): string[] {
  const secrets = (document as { spec?: { env?: { secrets?: unknown } } } | null)?.spec?.env?.secrets;
  if (typeof secrets !== "object" || secrets === null) return [];
  return Object.values(secrets).flatMap((secret) => {
    const value = (secret as { value?: unknown } | null)?.value;
    return typeof value === "string" ? [value] : [];
  });
}

/** The values inside a Docker config JSON that are credentials, and the whole text. */
export function dockerConfigSecrets(text: string): string[] {
  const found = [text.trim()];
  try {
    const auths = (JSON.parse(text) as { auths?: Record<string, Record<string, unknown>> }).auths ?? {};
    for (const entry of Object.values(auths)) {
      for (const value of Object.values(entry ?? {})) if (typeof value === "string") found.push(value);
    }
  } catch {
    // Not JSON: the whole text is what there is to hide.
  }
  return found;
}

export function redactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
