/**
 * Static credentials in deployment settings are refused, because they would be written into
 * every stack file: each message names the setting and the environment variable to use instead,
 * never the value.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadClustersFile } from "../../lib/deployment/clusters";
import { credentialIn, namesCredential } from "../../lib/deployment/credentials";
import { parseRunSettings } from "../../lib/deployment/run-settings";
import { UserError } from "../../lib/diagnostics";
import { runCli } from "../support/cli";
import { LABELS } from "../../lib/deployment/labels";
import { CA_PEM, resolveWith } from "../support/deployment";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";

const SECRET = "Sup3r-S3cret-Credential-Value";

/** The message of the UserError that `act` throws. */
function userError(act: () => unknown): string {
  try {
    act();
  } catch (cause) {
    expect(cause).toBeInstanceOf(UserError);
    return (cause as Error).message;
  }
  throw new Error("expected a UserError");
}

describe("backend attributes that are credentials are refused", () => {
  test.each([
    ["s3", "access_key", "AWS_ACCESS_KEY_ID"],
    ["s3", "secret_key", "AWS_SECRET_ACCESS_KEY"],
    ["s3", "token", "AWS_SESSION_TOKEN"],
    ["s3", "sse_customer_key", "AWS_SSE_CUSTOMER_KEY"],
    ["gcs", "credentials", "GOOGLE_BACKEND_CREDENTIALS"],
    ["gcs", "access_token", "GOOGLE_OAUTH_ACCESS_TOKEN"],
    ["gcs", "encryption_key", "GOOGLE_ENCRYPTION_KEY"],
    ["azurerm", "access_key", "ARM_ACCESS_KEY"],
    ["azurerm", "sas_token", "ARM_SAS_TOKEN"],
    ["azurerm", "client_secret", "ARM_CLIENT_SECRET"],
    ["azurerm", "client_certificate_password", "ARM_CLIENT_CERTIFICATE_PASSWORD"],
    ["azurerm", "oidc_token", "ARM_OIDC_TOKEN"],
    ["kubernetes", "token", "KUBE_TOKEN"],
    ["kubernetes", "password", "KUBE_PASSWORD"],
    ["kubernetes", "client_key", "KUBE_CLIENT_KEY_DATA"],
    ["cloud", "token", "TF_TOKEN_app_terraform_io"],
  ])("%s backend: --backend-config %s names %s, not the value, and exits 1", async (type, key, variable) => {
    const run = await runCli(
      [
        "validate",
        "-",
        "--backend-type",
        type,
        "--backend-object",
        "acme/jobs",
        "--backend-config",
        `${key}=${SECRET}`,
      ],
      JSON.stringify(manifestInput()),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `kubernetes-job: invalid deployment settings in flags:\n  --backend-config: ${key} is a credential`,
    );
    expect(run.stderr).toContain(variable);
    expect(run.stderr).not.toContain(SECRET);
  });

  test("the cdktf.json context key backendConfig too, naming every backend's variable when no type is set", () => {
    const message = userError(() =>
      parseRunSettings({ backendConfig: { access_key: SECRET } }, "cdktf.out", "cdktf.json context"),
    );
    expect(message).toBe(
      "invalid deployment settings in cdktf.json context:\n" +
        "  backendConfig: access_key is a credential, which would be written into every stack file; leave it out and set AWS_ACCESS_KEY_ID (s3) or ARM_ACCESS_KEY (azurerm) in the environment of terraform, which the backend reads",
    );
  });

  test.each([
    ["a URL with a password", `postgres://jobs:${SECRET}@db.internal/terraform`],
    ["keywords with a password", `host=db.internal user=jobs password=${SECRET}`],
    ["a URL with the password as a query parameter", `postgres://dbhost/tfstate?user=tf&password=${SECRET}`],
    ["a URL with the key's password as a query parameter", `postgres://dbhost/tfstate?sslpassword=${SECRET}`],
    ["a URL with an OAuth client secret", `postgres://dbhost/tfstate?oauth_client_secret=${SECRET}`],
    ["keywords with the key's password", `host=db.internal sslkey=/etc/pg/key sslpassword=${SECRET}`],
    ["keywords with a quoted password", `host=db.internal password = '${SECRET}'`],
  ])("pg conn_str holding %s", (_, connStr) => {
    const message = userError(() =>
      parseRunSettings({ backendType: "pg", backendConfig: { conn_str: connStr } }, "cdktf.out", "flags"),
    );
    expect(message).toContain("--backend-config: conn_str holds a password");
    expect(message).toContain("PGPASSWORD");
    expect(message).not.toContain(SECRET);
  });

  test.each([
    "postgres://jobs@db.internal/terraform?sslmode=require",
    "postgres://db.internal/terraform?passfile=/etc/pg/pgpass&sslkey=/etc/pg/key&require_auth=scram-sha-256",
    "host=db.internal user=jobs passfile=/etc/pg/pgpass sslkey=/etc/pg/key require_auth=scram-sha-256",
  ])("a pg conn_str without a password is accepted: %s", (connStr) => {
    const run = parseRunSettings({ backendType: "pg", backendConfig: { conn_str: connStr } }, "cdktf.out", "flags");
    expect(run.backend?.config).toEqual({ conn_str: connStr });
  });

  test("the adversarial pg case through the CLI: refused, not echoed, nothing written", async () => {
    const out = tempDir();
    const run = await runCli(
      [
        "synth",
        "-",
        "--out",
        out,
        "--backend-type",
        "pg",
        "--backend-config",
        `conn_str=postgres://dbhost/tfstate?user=tf&password=${SECRET}`,
      ],
      JSON.stringify(manifestInput()),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--backend-config: conn_str holds a password");
    expect(run.stderr).toContain("PGPASSWORD");
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(readdirSync(out)).toEqual([]);
  });

  test("any attribute holding a URL with a password, and one named like a credential", () => {
    const message = userError(() =>
      parseRunSettings(
        {
          backendType: "s3",
          backendConfig: { endpoint: `https://minio:${SECRET}@minio.internal`, vault_password: SECRET },
        },
        "cdktf.out",
        "flags",
      ),
    );
    expect(message.split("\n")).toEqual([
      "invalid deployment settings in flags:",
      "  --backend-config: endpoint holds a URL with a password (user:password@), which would be written into every stack file; give the password through the backend's environment variables instead",
      "  --backend-config: vault_password looks like a credential, which would be written into every stack file; set it in the environment variable that the s3 backend reads for it (see its Terraform documentation)",
    ]);
  });

  test("settings that only look alike are accepted: switches, file paths, the state key", () => {
    const run = parseRunSettings(
      {
        backendType: "s3",
        backendObject: "acme/jobs",
        backendConfig: {
          region: "eu-west-1",
          skip_credentials_validation: "true",
          shared_credentials_files: "/etc/aws/credentials",
          kms_key_id: "alias/terraform",
        },
      },
      "cdktf.out",
      "flags",
    );
    expect(run.backend?.config).toMatchObject({ region: "eu-west-1", kms_key_id: "alias/terraform" });
  });
});

describe("clusters file credentials are refused", () => {
  const cluster = (extra: string, host = "https://203.0.113.10") =>
    [
      "clusters:",
      "  - kind: AwsEksCluster",
      "    name: prod",
      `    host: ${host}`,
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: aws",
      extra,
      "",
    ].join("\n");

  function clustersFile(text: string): string {
    const dir = tempDir();
    writeFiles(dir, { "clusters.yaml": text });
    return join(dir, "clusters.yaml");
  }

  test("exec.env variables named like credentials, at each variable, without the value", () => {
    const file = clustersFile(
      cluster(
        `      env: { AWS_PROFILE: prod, AWS_SECRET_ACCESS_KEY: ${SECRET}, GITHUB_TOKEN: ${SECRET}, AWS_SHARED_CREDENTIALS_FILE: /etc/aws/credentials }`,
      ),
    );
    const message = userError(() => loadClustersFile(file));
    expect(message.split("\n")).toEqual([
      `clusters file ${file} is invalid:`,
      `  ${file}:9:56: clusters[0].exec.env.AWS_SECRET_ACCESS_KEY: is a credential, which would be written into the stack file; leave it out: the exec plugin inherits the environment terraform runs in, so set it there`,
      `  ${file}:9:101: clusters[0].exec.env.GITHUB_TOKEN: is a credential, which would be written into the stack file; leave it out: the exec plugin inherits the environment terraform runs in, so set it there`,
    ]);
  });

  test("exec.env with non-credential settings is accepted", () => {
    const file = clustersFile(
      cluster("      env: { AWS_PROFILE: prod, AWS_REGION: eu-west-1, KUBECONFIG: /dev/null }"),
    );
    expect(loadClustersFile(file)[0].exec?.env).toEqual({
      AWS_PROFILE: "prod",
      AWS_REGION: "eu-west-1",
      KUBECONFIG: "/dev/null",
    });
  });

  test("an exec.env value that is not a string is refused without quoting it", () => {
    const file = clustersFile(cluster("      env: { AWS_PROFILE: 31415926535 }"));
    const message = userError(() => loadClustersFile(file));
    expect(message).toContain(
      "clusters[0].exec.env.AWS_PROFILE: must be a string (the value is not shown: it may be a credential)",
    );
    expect(message).not.toContain("31415926535");
  });

  test("exec.args passing a credential flag", () => {
    const file = clustersFile(
      cluster(`      args: [get-token, --login, ropc, --password, ${SECRET}, "--client-secret=${SECRET}"]`).replace(
        "command: aws",
        "command: kubelogin",
      ),
    );
    const message = userError(() => loadClustersFile(file));
    expect(message).toContain("clusters[0].exec.args[3]: passes a credential (--password)");
    expect(message).toContain("clusters[0].exec.args[5]: passes a credential (--client-secret)");
    expect(message).not.toContain(SECRET);
  });

  test("a host with a user and password", () => {
    const file = clustersFile(cluster("", `https://admin:${SECRET}@203.0.113.10`));
    const message = userError(() => loadClustersFile(file));
    expect(message).toBe(
      `clusters file ${file} is invalid:\n  ${file}:4:11: clusters[0].host: must not carry a user or password (user:password@host): it would be written into the stack file; authenticate with exec`,
    );
  });
});

describe("credentials inside any string of the clusters file are refused", () => {
  const LEAVE = "leave it out: the exec plugin inherits the environment terraform runs in, so set it there";

  function clustersAt(lines: string[]): { file: string; text: string } {
    const dir = tempDir();
    const text = [...lines, ""].join("\n");
    writeFiles(dir, { "clusters.yaml": text });
    return { file: join(dir, "clusters.yaml"), text };
  }

  test("the adversarial exec: an env assignment, a URL with a password in args and in env, each at its place", () => {
    const { file, text } = clustersAt([
      "clusters:",
      "  - kind: AwsEksCluster",
      "    name: prod",
      "    host: https://203.0.113.10",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: env",
      "      args:",
      `        - AWS_SECRET_ACCESS_KEY=${SECRET}`,
      "        - --endpoint",
      `        - https://admin:${SECRET}@sts.example`,
      "        - aws",
      "        - eks",
      "        - get-token",
      "      env:",
      `        HTTPS_PROXY: http://proxyuser:${SECRET}@proxy:3128`,
    ]);
    const message = userError(() => loadClustersFile(file));
    expect(message.split("\n")).toEqual([
      `clusters file ${file} is invalid:`,
      `  ${file}:${positionOf(text, `AWS_SECRET_ACCESS_KEY=`)}: clusters[0].exec.args[0]: sets AWS_SECRET_ACCESS_KEY, a credential, which would be written into the stack file; ${LEAVE}`,
      `  ${file}:${positionOf(text, `https://admin`)}: clusters[0].exec.args[2]: holds a URL with a password (user:password@), which would be written into the stack file; ${LEAVE}`,
      `  ${file}:${positionOf(text, `http://proxyuser`)}: clusters[0].exec.env.HTTPS_PROXY: holds a URL with a password (user:password@), which would be written into the stack file; ${LEAVE}`,
    ]);
    expect(message).not.toContain(SECRET);
  });

  test("a URL query parameter that is a credential, in the host, the command, the kubeconfig and the context", () => {
    const { file, text } = clustersAt([
      "clusters:",
      "  - kind: AwsEksCluster",
      "    name: prod",
      `    host: https://203.0.113.10/?token=${SECRET}`,
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      `      command: /opt/auth/get-token?api_key=${SECRET}`,
      "  - kind: GcpGkeCluster",
      "    name: dev",
      `    kubeconfig: /etc/kube/https://ci:${SECRET}@x/config`,
      `    context: gke?access_token=${SECRET}`,
    ]);
    const message = userError(() => loadClustersFile(file));
    expect(message.split("\n")).toEqual([
      `clusters file ${file} is invalid:`,
      `  ${file}:${positionOf(text, "/opt/auth")}: clusters[0].exec.command: holds a URL query parameter that is a credential (api_key=), which would be written into the stack file; ${LEAVE}`,
      `  ${file}:${positionOf(text, "https://203")}: clusters[0].host: holds a URL query parameter that is a credential (token=), which would be written into the stack file; authenticate with exec, whose plugin reads its credentials from the environment terraform runs in`,
      `  ${file}:${positionOf(text, "/etc/kube")}: clusters[1].kubeconfig: holds a URL with a password (user:password@), which would be written into the stack file; keep credentials in the kubeconfig file, not in its path or context name`,
      `  ${file}:${positionOf(text, "gke?")}: clusters[1].context: holds a URL query parameter that is a credential (access_token=), which would be written into the stack file; keep credentials in the kubeconfig file, not in its path or context name`,
    ]);
    expect(message).not.toContain(SECRET);
  });

  test("credential flags: --client-secret:value, a credential flag inside one argument, -p for the programs where it is the password", () => {
    const { file, text } = clustersAt([
      "clusters:",
      "  - kind: AzureAksCluster",
      "    name: prod",
      "    host: https://203.0.113.10",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: kubelogin",
      `      args: [get-token, "--client-secret:${SECRET}", "--token-cache-dir", /tmp/cache]`,
      "  - kind: AzureAksCluster",
      "    name: dev",
      "    host: https://203.0.113.11",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: sh",
      `      args: [-c, "az login -u ci -p ${SECRET} >/dev/null && az account get-access-token"]`,
      "  - kind: AzureAksCluster",
      "    name: test",
      "    host: https://203.0.113.12",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: /usr/bin/az",
      `      args: [login, -u, ci, -p, ${SECRET}]`,
    ]);
    const message = userError(() => loadClustersFile(file));
    expect(message.split("\n")).toEqual([
      `clusters file ${file} is invalid:`,
      `  ${file}:${positionOf(text, '"--client-secret')}: clusters[0].exec.args[1]: passes a credential (--client-secret), which would be written into the stack file; ${LEAVE} or in a file the plugin reads`,
      `  ${file}:${positionOf(text, '"az login')}: clusters[1].exec.args[1]: passes a credential (-p of az), which would be written into the stack file; ${LEAVE} or in a file the plugin reads`,
      `  ${file}:${positionOf(text, "-p, ")}: clusters[2].exec.args[3]: passes a credential (-p of az), which would be written into the stack file; ${LEAVE} or in a file the plugin reads`,
    ]);
    expect(message).not.toContain(SECRET);
  });

  test("-p means a port or a profile to most programs: accepted there; ordinary exec settings are accepted", () => {
    const { file } = clustersAt([
      "clusters:",
      "  - kind: AwsEksCluster",
      "    name: prod",
      "    host: https://203.0.113.10",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: my-token-helper",
      "      args: [-p, prod, --region, eu-west-1, --role-arn=arn:aws:iam::123456789012:role/ci, --token-cache-dir, /tmp/c]",
      "      env:",
      "        AWS_PROFILE: prod",
      "        USE_GKE_GCLOUD_AUTH_PLUGIN: 'True'",
      "        AZURE_AUTHORITY_HOST: https://login.microsoftonline.com/",
      "        HTTPS_PROXY: http://proxy.internal:3128",
      "        PGPASSFILE: /etc/pgpass",
    ]);
    expect(loadClustersFile(file)[0].exec?.args).toContain("-p");
  });
});

describe("credentials inside run settings that reach the stack are refused, naming the flag", () => {
  test.each([
    ["kubeContext", "--context", `prod?token=${SECRET}`, "holds a URL query parameter that is a credential (token=)"],
    ["kubeconfig", "--kubeconfig", `https://ci:${SECRET}@x/config`, "holds a URL with a password (user:password@)"],
    [
      "backendObject",
      "--backend-object",
      `bucket/prefix?X-Amz-Signature=${SECRET}`,
      "holds a URL query parameter that is a credential (X-Amz-Signature=)",
    ],
  ])("%s (%s)", (setting, flag, value, what) => {
    const message = userError(() => parseRunSettings({ [setting]: value }, "cdktf.out", "flags"));
    expect(message).toContain(`  ${flag}: ${what}, which would be written into every stack file;`);
    expect(message).not.toContain(SECRET);
  });

  test("a backend attribute whose URL carries a token in its query", () => {
    const message = userError(() =>
      parseRunSettings(
        { backendType: "s3", backendConfig: { endpoint: `https://minio.internal/?access_token=${SECRET}` } },
        "cdktf.out",
        "flags",
      ),
    );
    expect(message).toBe(
      "invalid deployment settings in flags:\n" +
        "  --backend-config: endpoint holds a URL query parameter that is a credential (access_token=), which would be written into every stack file; give it through the backend's environment variables instead",
    );
  });
});

describe("credentialIn finds a credential inside any text, without showing it", () => {
  test.each([
    [`https://u:${SECRET}@h`, "a URL with a password (user:password@)"],
    [`proxyuser:${SECRET}@proxy:3128`, "a user and password (user:password@host)"],
    [`https://h/x?a=1&pass%77ord=${SECRET}`, "a URL query parameter that is a credential (password=)"],
    [`https://storage.example/c?sv=2022&sig=${SECRET}`, "a URL query parameter that is a credential (sig=)"],
    [`Host=db;Password=${SECRET}`, "sets Password, a credential"],
    [`Authorization: Bearer ${SECRET}`, "an HTTP authorization (Bearer ...)"],
    [`Authorization: token-${SECRET}`, "sets Authorization, a credential"],
    [`curl -H "X-Token: ${SECRET}" https://h`, "sets X-Token, a credential"],
    [
      `aws sts get-session-token --secret-access-key ${SECRET}`,
      "a credential flag with its value (--secret-access-key)",
    ],
    [`{"token":"${SECRET}"}`, "sets token, a credential"],
    [`Bearer ${SECRET}`, "an HTTP authorization (Bearer ...)"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ", "a JSON Web Token"],
    [`ghp_${"a".repeat(36)}`, "a token in a known format (ghp_...)"],
    [
      `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----`,
      "a private key (-----BEGIN PRIVATE KEY-----)",
    ],
  ])("%s: %s", (text, found) => {
    expect(credentialIn(text)).toBe(found);
  });

  test.each([
    "https://203.0.113.10",
    "postgres://jobs@db.internal/terraform?sslmode=require",
    "arn:aws:eks:eu-west-1:123456789012:cluster/auth-prod",
    "client.authentication.k8s.io/v1beta1",
    "C:\\Users\\ci\\.kube\\config",
    "kubernetes-admin@kubernetes",
    "--token-cache-dir=/tmp/cache",
    "--oidc-use-access-token=true",
    "https://login.microsoftonline.com/?tenant=x&client_id=y",
    "aws-iam-authenticator",
  ])("%s holds none", (text) => {
    expect(credentialIn(text)).toBeUndefined();
  });

  test("a switch named like a credential followed by another flag is not a credential", () => {
    const dir = tempDir();
    const text = [
      "clusters:",
      "  - kind: GcpGkeCluster",
      "    name: prod",
      "    host: https://203.0.113.10",
      `    clusterCaCertificate: ${JSON.stringify(CA_PEM)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: kubectl",
      "      args: [oidc-login, get-token, --oidc-use-access-token, --oidc-issuer-url=https://issuer.example, --authentication-method, device]",
      "",
    ].join("\n");
    writeFiles(dir, { "clusters.yaml": text });
    expect(loadClustersFile(join(dir, "clusters.yaml"))[0].exec?.args).toHaveLength(6);
  });
});

describe("credentials in a manifest's deployment labels are refused", () => {
  test("the context and backend object labels, at each label, without the value", () => {
    const { lines, deployment } = resolveWith({
      labels: {
        [LABELS.context]: `prod?token=${SECRET}`,
        [LABELS.backendType]: "s3",
        [LABELS.backendObject]: `https://ci:${SECRET}@bucket/jobs`,
      },
    });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: metadata.labels["${LABELS.context}"]: holds a URL query parameter that is a credential (token=), which would be written into the stack file; keep credentials in the kubeconfig file, not in its context name`,
      `error: metadata.labels["${LABELS.backendObject}"]: holds a URL with a password (user:password@), which would be written into the stack file; give credentials through the backend's environment variables`,
    ]);
  });
});

describe("namesCredential", () => {
  test.each([
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SESSION_TOKEN",
    "PGPASSWORD",
    "DB_PASS",
    "REDIS_PWD",
    "client-secret",
    "ApiKey",
    "VAULT_TOKEN",
    "AZURE_CLIENT_SECRET",
    "PGPASS",
    "AUTH",
    "KUBE_BEARER",
    "GITHUB_TOKEN_VALUE",
    "MYPASSPHRASE",
    "X_AUTH_KEY",
    "APP_SECRETS",
  ])("%s is a credential's name", (name) => {
    expect(namesCredential(name)).toBe(true);
  });

  test.each([
    "AWS_PROFILE",
    "AWS_REGION",
    "KUBECONFIG",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "token-cache-dir",
    "kms_key_id",
    "PASSENGER_COUNT",
    "PGPASSFILE",
    "USE_GKE_GCLOUD_AUTH_PLUGIN",
    "AZURE_AUTHORITY_HOST",
    "config_context_auth_info",
    "AWS_STS_REGIONAL_ENDPOINTS",
  ])("%s is not", (name) => {
    expect(namesCredential(name)).toBe(false);
  });
});
