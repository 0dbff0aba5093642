/**
 * Static credentials never reach a stack file: backend attributes and cluster settings that are
 * written into `cdk.tf.json` (readable by whoever reads the output, committed with it, uploaded
 * as CI artefacts) are refused when they are credentials, with the environment variable that the
 * backend or the exec plugin reads instead. Messages name the setting, never its value.
 */
import type { BackendType } from "./backend";

/** Backend attributes that are credentials, by backend type, and the variable each backend reads. */
const BACKEND_CREDENTIALS: Readonly<Record<string, Partial<Record<BackendType, string>>>> = {
  access_key: { s3: "AWS_ACCESS_KEY_ID", azurerm: "ARM_ACCESS_KEY" },
  secret_key: { s3: "AWS_SECRET_ACCESS_KEY" },
  token: {
    s3: "AWS_SESSION_TOKEN",
    kubernetes: "KUBE_TOKEN",
    cloud: "TF_TOKEN_<hostname> (TF_TOKEN_app_terraform_io)",
  },
  sse_customer_key: { s3: "AWS_SSE_CUSTOMER_KEY" },
  credentials: { gcs: "GOOGLE_BACKEND_CREDENTIALS (or GOOGLE_CREDENTIALS)" },
  access_token: { gcs: "GOOGLE_OAUTH_ACCESS_TOKEN" },
  encryption_key: { gcs: "GOOGLE_ENCRYPTION_KEY" },
  sas_token: { azurerm: "ARM_SAS_TOKEN" },
  client_secret: { azurerm: "ARM_CLIENT_SECRET" },
  client_certificate_password: { azurerm: "ARM_CLIENT_CERTIFICATE_PASSWORD" },
  client_certificate: { azurerm: "ARM_CLIENT_CERTIFICATE", kubernetes: "KUBE_CLIENT_CERT_DATA" },
  oidc_token: { azurerm: "ARM_OIDC_TOKEN" },
  oidc_request_token: { azurerm: "ARM_OIDC_REQUEST_TOKEN" },
  password: { kubernetes: "KUBE_PASSWORD" },
  client_key: { kubernetes: "KUBE_CLIENT_KEY_DATA" },
};

/**
 * What makes a name a credential's, looked for in the name without its separators and case
 * (`db_password`, `PGPASSWORD`, `PGPASS`, `API_TOKEN`, `client-secret`, `ApiKey`, `KUBE_BEARER`,
 * `X_AUTH_KEY`), or as a word of its own (`REDIS_PWD`). The rule leans towards refusing: a
 * setting refused by mistake costs a line in the environment terraform runs in, a credential let
 * through is written into a world-readable file.
 */
const CREDENTIAL_PARTS =
  /pass|secret|token|credential|apikey|accesskey|privatekey|clientkey|signingkey|encryptionkey|auth|bearer|cookie/;
const CREDENTIAL_WORDS = /(^|[^a-z])pwd([^a-z]|$)/i;
/**
 * Words holding a part above that name something else (in the name without separators):
 * English words, and settings about authentication rather than its secret (GKE's
 * USE_GKE_GCLOUD_AUTH_PLUGIN, Azure's AZURE_AUTHORITY_HOST, a kubeconfig's auth_info).
 */
const NOT_CREDENTIAL_WORDS =
  /passenger|bypass|compass|passthrough|passthru|passive|auth(plugin|method|type|mode|provider|info|url|endpoint|host|server)|authenticat(e|ion|or)|authority|author(?!i[sz]ation)/g;
/** A name ending so names a file or directory holding the credential, which is fine (PGPASSFILE too). */
const NAMES_OF_FILES = /(file|files|path|dir|validation)$/i;
/** Variables whose value is a path by definition. */
const PATH_VARIABLES = new Set(["GOOGLE_APPLICATION_CREDENTIALS"]);

/** True when a name (an env variable, a flag, an attribute) says its value is a credential. */
export function namesCredential(name: string): boolean {
  const squeezed = name.toLowerCase().replace(/[-_.]/g, "").replace(NOT_CREDENTIAL_WORDS, "");
  const credential = CREDENTIAL_PARTS.test(squeezed) || CREDENTIAL_WORDS.test(name);
  return credential && !NAMES_OF_FILES.test(name) && !PATH_VARIABLES.has(name.toUpperCase());
}

/** True when a value holds a URL with a password in its user information (`scheme://user:pass@host`). */
export function hasUrlPassword(value: string): boolean {
  return /[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i.test(value);
}

/** Query parameters that carry a credential in URLs whose names say nothing else (Google's key, Azure's SAS sig). */
const QUERY_CREDENTIALS = /^(key|sig|signature|x-amz-signature|x-goog-signature)$/i;

/**
 * `name=value` or `name: value` inside a text, as a word of its own (an `env NAME=value`
 * argument, libpq keywords, a header, a shell line) or as a flag (`--name=value`); the flag's
 * dashes are group 1, the name group 2.
 */
const ASSIGNMENT = /(?:^|[\s;,'"{])(--?)?([A-Za-z_][A-Za-z0-9_.-]*)['"]?\s*(?:=|:(?!\/\/))\s*(?=['"]?[^\s'"&,;}])/g;
/** `--name value` inside one text (a shell line given to `sh -c`). */
const FLAG_AND_VALUE = /(?:^|\s)(--?)([A-Za-z_][A-Za-z0-9_.-]*)\s+(?=[^\s-])/g;
/** A URL's query parameter `?name=value` or `&name=value`. */
const QUERY_PARAMETER = /([?&])([^=&#?\s]+)=(?=[^&#\s])/g;
/**
 * Credentials recognised by their own shape, whatever they are called: an HTTP authorization,
 * a JSON Web Token, a private key, tokens whose issuers give them a fixed prefix.
 */
const KNOWN_FORMATS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, "a private key (-----BEGIN PRIVATE KEY-----)"],
  [/\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/, "an HTTP authorization (Bearer ...)"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, "a JSON Web Token"],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, "a token in a known format (ghp_...)"],
  [/\bglpat-[A-Za-z0-9_-]{20}\b/, "a token in a known format (glpat-...)"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a token in a known format (xox...-)"],
];
/** Values that are switches, not credentials. */
const SWITCH = /^(true|false)\b/i;

/** A name as written, when it is plainly a name (so that printing it cannot print a secret). */
export const showName = (name: string): string | undefined =>
  /^(?:[A-Z][A-Z0-9]*|[a-z][a-z0-9]*|[A-Z][a-z0-9]*)(?:[-_.](?:[A-Z][A-Z0-9]*|[a-z][a-z0-9]*|[A-Z][a-z0-9]*))*$/.test(
    name,
  ) && name.length <= 40
    ? name
    : undefined;

/**
 * The credential a setting's text holds, described without its value ("a URL with a password
 * (user:password@)"), or undefined. Applied to every string of the deployment settings that is
 * written into a stack: a URL's user information, a URL's query, `NAME=value` words and
 * `--flag value` pairs inside the text whose name is a credential's.
 */
export function credentialIn(text: string): string | undefined {
  if (hasUrlPassword(text)) return "a URL with a password (user:password@)";
  for (const [format, described] of KNOWN_FORMATS) if (format.test(text)) return described;
  // A proxy or a DSN written without its scheme: user:password@host.
  if (/^[^\s:/@?=]+:[^\s/@]+@[^\s/@]+$/.test(text)) return "a user and password (user:password@host)";
  for (const [, , name] of text.matchAll(QUERY_PARAMETER)) {
    const decoded = safeDecode(name);
    if (namesCredential(decoded) || QUERY_CREDENTIALS.test(decoded)) {
      const shown = showName(decoded);
      return `a URL query parameter that is a credential${shown ? ` (${shown}=)` : ""}`;
    }
  }
  for (const pattern of [ASSIGNMENT, FLAG_AND_VALUE]) {
    for (const match of text.matchAll(pattern)) {
      const [whole, dashes, name] = match;
      const rest = text.slice((match.index ?? 0) + whole.length);
      if (!namesCredential(name) || SWITCH.test(rest)) continue;
      const shown = showName(name);
      if (dashes) return `a credential flag with its value${shown ? ` (${dashes}${shown})` : ""}`;
      return shown ? `sets ${shown}, a credential` : "a name=value pair whose name is a credential's";
    }
  }
  return undefined;
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
};

/** `credentialIn` as the start of a message: "holds a URL ...", "sets X, a credential". */
export function credentialProblem(text: string): string | undefined {
  const found = credentialIn(text);
  if (found === undefined) return undefined;
  return found.startsWith("sets ") ? found : `holds ${found}`;
}

/**
 * libpq's parameters that are secrets (PostgreSQL 18's list: password, sslpassword and
 * oauth_client_secret; `sslkey`, `passfile` and `sslcert` name files, `require_auth` a method).
 */
const PG_SECRET_PARAMETERS = /^(password|sslpassword|oauth_client_secret)$/i;

/** A PostgreSQL connection string holding a password: in a URL's user information or query, or as keywords. */
function connStrHasPassword(value: string): boolean {
  if (hasUrlPassword(value)) return true;
  for (const [, , name] of value.matchAll(QUERY_PARAMETER)) {
    if (PG_SECRET_PARAMETERS.test(safeDecode(name))) return true;
  }
  return /(^|[\s;])(password|sslpassword|oauth_client_secret)\s*=/i.test(value);
}

/**
 * Why an extra backend attribute must not be written into the stack, or undefined when it may.
 * `type` is the run's backend type when known (the variable named is then that backend's).
 */
export function backendCredentialProblem(
  key: string,
  value: string | number | boolean,
  type: BackendType | undefined,
): string | undefined {
  const text = String(value);
  const inStack = "which would be written into every stack file";
  if (key === "conn_str" && connStrHasPassword(text)) {
    return `conn_str holds a password, ${inStack}; give the password in PGPASSWORD (or the whole connection string in PG_CONN_STR) in the environment of terraform instead`;
  }
  const known = BACKEND_CREDENTIALS[key];
  if (known) {
    const variables = type && known[type] ? [`${known[type]}`] : Object.entries(known).map(([t, v]) => `${v} (${t})`);
    return `${key} is a credential, ${inStack}; leave it out and set ${variables.join(" or ")} in the environment of terraform, which the backend reads`;
  }
  // Flags give every value as text: "true" and numbers are switches and sizes, not credentials.
  if (typeof value === "string" && !/^(true|false|\d+)$/.test(value) && namesCredential(key)) {
    return `${key} looks like a credential, ${inStack}; set it in the environment variable that the ${type ?? "chosen"} backend reads for it (see its Terraform documentation)`;
  }
  // A connection string's own parameters are libpq's, judged above (require_auth is no secret).
  if (key === "conn_str") return undefined;
  const found = credentialProblem(text);
  if (found !== undefined) {
    const what = found.startsWith("holds a URL with a password") ? "the password" : "it";
    return `${key} ${found}, ${inStack}; give ${what} through the backend's environment variables instead`;
  }
  return undefined;
}
