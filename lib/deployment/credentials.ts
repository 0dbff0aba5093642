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
 * (`db_password`, `PGPASSWORD`, `API_TOKEN`, `client-secret`, `ApiKey`), or as a word of its own
 * (`DB_PASS`, `REDIS_PWD`). A name ending in NAMES_OF_FILES names a file holding it, which is fine.
 */
const CREDENTIAL_PARTS =
  /password|passwd|passphrase|secret|token|credential|apikey|accesskey|privatekey|clientkey|signingkey|encryptionkey|authorization|cookie/;
const CREDENTIAL_WORDS = /(^|[^a-z])(pass|pwd)([^a-z]|$)/i;
const NAMES_OF_FILES = /[-_.](file|files|path|dir|validation)$/i;
/** Variables whose value is a path by definition. */
const PATH_VARIABLES = new Set(["GOOGLE_APPLICATION_CREDENTIALS"]);

/** True when a name (an env variable, a flag, an attribute) says its value is a credential. */
export function namesCredential(name: string): boolean {
  const credential = CREDENTIAL_PARTS.test(name.toLowerCase().replace(/[-_.]/g, "")) || CREDENTIAL_WORDS.test(name);
  return credential && !NAMES_OF_FILES.test(name) && !PATH_VARIABLES.has(name.toUpperCase());
}

/** True when a value holds a URL with a password in its user information (`scheme://user:pass@host`). */
export function hasUrlPassword(value: string): boolean {
  return /[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i.test(value);
}

/** A PostgreSQL connection string holding a password, as a URL or as `password=...` keywords. */
function connStrHasPassword(value: string): boolean {
  return hasUrlPassword(value) || /(^|\s)password\s*=/i.test(value);
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
  if (hasUrlPassword(text)) {
    return `${key} holds a URL with a password (user:password@), ${inStack}; give the password through the backend's environment variables instead`;
  }
  return undefined;
}
